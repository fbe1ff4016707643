import { httpHandler } from '../../core/http/handler';
import { requestInstant } from '../../core/http/local-clock';
import { ok } from '../../core/http/responses';
import * as villages from '../../core/villages/lookup';
import { putProfileRoute } from '../routes';
import * as profiles from '../store/profiles';
import { saveProfile, type ProfileDeps } from '../use-cases/profiles';

const deps: ProfileDeps = { profiles, villages };

export const handler = httpHandler(putProfileRoute, async ({ caller, body, event }) =>
  ok(await saveProfile(deps, { sellerId: caller.userId, ...body }, requestInstant(event))),
);
