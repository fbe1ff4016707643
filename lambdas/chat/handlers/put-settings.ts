import { httpHandler } from '../../core/http/handler';
import { ok } from '../../core/http/responses';
import { putChatSettingsRoute } from '../routes';
import { replaceChatSettings } from '../use-cases/settings';

export const handler = httpHandler(putChatSettingsRoute, async ({ caller, body }) =>
  ok(await replaceChatSettings(caller.userId, body, new Date())),
);
