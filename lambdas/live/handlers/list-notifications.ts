import { httpHandler } from '../../core/http/handler';
import { ok } from '../../core/http/responses';
import { notificationView } from '../domain/notifications';
import { listNotificationsRoute } from '../routes';
import { listNotifications } from '../store/notifications';

export const handler = httpHandler(listNotificationsRoute, async ({ query, caller }) => {
  const page = await listNotifications(caller.userId, query);
  return ok({ items: page.items.map(notificationView), nextCursor: page.nextCursor });
});
