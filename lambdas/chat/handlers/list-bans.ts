import { httpHandler } from '../../core/http/handler';
import { ok } from '../../core/http/responses';
import { listChatBansRoute } from '../routes';
import { listChatBans } from '../use-cases/bans';

export const handler = httpHandler(listChatBansRoute, async ({ caller, query }) =>
  ok(await listChatBans(caller.userId, { limit: query.limit, cursor: query.cursor }, new Date())),
);
