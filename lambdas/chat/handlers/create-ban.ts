import { httpHandler } from '../../core/http/handler';
import { created } from '../../core/http/responses';
import { createChatBanRoute } from '../routes';
import { banChatUser } from '../use-cases/bans';

export const handler = httpHandler(createChatBanRoute, async ({ caller, body }) => {
  const { userId, until, reason } = await banChatUser(caller.userId, body, new Date());
  return created({ userId, until, reason });
});
