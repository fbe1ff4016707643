import { httpHandler } from '../../core/http/handler';
import { ok } from '../../core/http/responses';
import * as villages from '../../core/villages/lookup';
import { getProfileRoute } from '../routes';
import * as profiles from '../store/profiles';
import { ownProfile, type ProfileDeps } from '../use-cases/profiles';

const deps: ProfileDeps = { profiles, villages };

export const handler = httpHandler(getProfileRoute, async ({ caller }) => ok(await ownProfile(deps, caller.userId)));
