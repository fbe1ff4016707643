import { httpHandler } from '../../core/http/handler';
import { noContent } from '../../core/http/responses';
import { deleteChatBanRoute } from '../routes';
import { unbanChatUser } from '../use-cases/bans';

export const handler = httpHandler(deleteChatBanRoute, async ({ caller, params }) => {
  await unbanChatUser(caller.userId, params.userId);
  return noContent();
});
