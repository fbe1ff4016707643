import { httpHandler } from '../../core/http/handler';
import { ok } from '../../core/http/responses';
import { createChatTokenRoute } from '../routes';
import { issueChatToken } from '../use-cases/token';

export const handler = httpHandler(createChatTokenRoute, async ({ caller, body }) =>
  ok(await issueChatToken(caller.userId, body.sellerId, new Date())),
);
