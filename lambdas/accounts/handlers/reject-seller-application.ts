import { httpHandler } from '../../core/http/handler';
import { ok } from '../../core/http/responses';
import { rejectSellerApplicationRoute } from '../routes';
import * as applications from '../store/applications';
import { reject } from '../use-cases/applications';

export const handler = httpHandler(rejectSellerApplicationRoute, async ({ caller, params, body }) =>
  ok(await reject({ applications }, params.userId, body.reason, caller.userId)),
);
