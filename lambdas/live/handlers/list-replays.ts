import { httpHandler } from '../../core/http/handler';
import { ok } from '../../core/http/responses';
import type { ReplayItem } from '../model';
import { listReplaysRoute } from '../routes';
import { listReplays } from '../store/replays';

const replayView = ({ replayId, startedAt, endedAt, durationSeconds, playbackUrl, pins }: ReplayItem) => ({ replayId, startedAt, endedAt, durationSeconds, playbackUrl, pins });

export const handler = httpHandler(listReplaysRoute, async ({ params, query }) => {
  const page = await listReplays(params.sellerId, query);
  return ok({ items: page.items.map(replayView), nextCursor: page.nextCursor });
});
