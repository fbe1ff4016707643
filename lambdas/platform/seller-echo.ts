import { httpHandler } from '../core/http/handler';
import { ok } from '../core/http/responses';
import { sellerEchoRoute } from './placeholder-routes';

export const handler = httpHandler(sellerEchoRoute, async ({ caller, body }) =>
  ok({ sellerId: caller.userId, message: body.message }),
);
