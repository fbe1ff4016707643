import { httpHandler } from '../../core/http/handler';
import { ok } from '../../core/http/responses';
import { getChatSettingsRoute } from '../routes';
import { readChatSettings } from '../use-cases/settings';

export const handler = httpHandler(getChatSettingsRoute, async ({ caller }) => ok(await readChatSettings(caller.userId)));
