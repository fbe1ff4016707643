import { httpHandler } from '../../core/http/handler';
import { ok } from '../../core/http/responses';
import { liveSellerView } from '../domain/live-list';
import { listLiveRoute } from '../routes';
import { listLive } from '../store/live-status';
import { currentPins } from '../store/pins';

export const handler = httpHandler(listLiveRoute, async ({ query }) => {
  const page = await listLive(query);
  const pins = await currentPins(page.items.flatMap((status) => (status.sellerId ? [status.sellerId] : [])));
  const now = new Date();
  return ok({
    items: page.items.map((status) => liveSellerView(status, status.sellerId ? pins.get(status.sellerId) : undefined, now)),
    nextCursor: page.nextCursor,
  });
});
