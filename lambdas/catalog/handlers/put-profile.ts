import { httpHandler } from '../../core/http/handler';
import { ok } from '../../core/http/responses';
import { profileView } from '../domain/profile';
import { putProfileRoute } from '../routes';
import { putProfile } from '../store/profiles';

export const handler = httpHandler(putProfileRoute, async ({ caller, body }) =>
  ok(profileView(await putProfile({ sellerId: caller.userId, ...body }, new Date()))),
);
