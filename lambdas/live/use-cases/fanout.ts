import { FANOUT_PAGE_SIZE, goLiveOf, shardStarts, type FanoutMessage } from '../domain/fanout';
import { sellerLiveNotification } from '../domain/notifications';
import type { FanoutQueue } from '../adapters/fanout-queue';
import type * as fanoutPageStore from '../store/fanout-pages';
import type * as followStore from '../store/follows';
import type * as notificationStore from '../store/notifications';

export interface FanoutDeps {
  followers: Pick<typeof followStore, 'followersPage'>;
  notifications: { putNotifications: (items: Parameters<typeof notificationStore.putNotifications>[0]) => Promise<number> };
  pages: Pick<typeof fanoutPageStore, 'isPageDone' | 'markPageDone'>;
  queue: FanoutQueue;
  pageSize?: number;
}

export type FanoutOutcome =
  | { kind: 'started'; shards: number }
  | { kind: 'page'; notified: number; writes: number; more: boolean }
  | { kind: 'already-done' };

/**
 * One fan-out message. The first (cursor null) starts one chain per follower shard. A page message
 * writes its followers' notifications, sends the next page's message, and only then marks itself done:
 * - a crash before the mark redelivers the page: the same deterministic notifications are rewritten
 *   (no doubles) and its successor is sent again (whose own done mark stops a second copy);
 * - a redelivery after the mark stops at once, so a duplicate never forks the chain.
 */
export async function fanOutPage(deps: FanoutDeps, message: FanoutMessage): Promise<FanoutOutcome> {
  if (!message.cursor) {
    const starts = shardStarts(message);
    await deps.queue.send(starts);
    return { kind: 'started', shards: starts.length };
  }
  const { shard, after } = message.cursor;
  if (await deps.pages.isPageDone(message.broadcastId, shard, after)) return { kind: 'already-done' };
  const page = await deps.followers.followersPage(message.sellerId, shard, after, deps.pageSize ?? FANOUT_PAGE_SIZE);
  const goLive = goLiveOf(message);
  const writes = page.followerIds.length ? await deps.notifications.putNotifications(page.followerIds.map((followerId) => sellerLiveNotification(goLive, followerId))) : 0;
  if (page.last) await deps.queue.send([{ ...message, cursor: { shard, after: page.last } }]);
  await deps.pages.markPageDone(message.broadcastId, shard, after);
  return { kind: 'page', notified: page.followerIds.length, writes, more: page.last !== undefined };
}
