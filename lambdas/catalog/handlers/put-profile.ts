import { httpHandler } from '../../core/http/handler';
import { ok } from '../../core/http/responses';
import { putProfileRoute } from '../routes';
import * as profiles from '../store/profiles';
import { saveProfile, type ProfileDeps } from '../use-cases/profiles';

const deps: ProfileDeps = { profiles };

export const handler = httpHandler(putProfileRoute, async ({ caller, body }) => ok(await saveProfile(deps, { sellerId: caller.userId, ...body })));
