/**
 * Live table items (lib/topology.ts `live`: keys `pk`/`sk`, TTL `expiresAt`, no index). The single
 * reference for its keys.
 *
 * | item          | pk                                   | sk                              | written by                 |
 * | ------------- | ------------------------------------ | ------------------------------- | -------------------------- |
 * | follow        | BUYER#{buyerId}                      | FOLLOWS#{sellerId}              | follow route (transaction) |
 * | follower      | FOLLOWERS#{sellerId}#{shard 0..7}    | {buyerId}                       | same transaction           |
 * | notification  | INBOX#{userId}                       | NOTE#{broadcastId}#{id}         | fan-out worker (TTL 30 d)  |
 * | replay        | REPLAYS#{sellerId}                   | {startedAt}#{recordingSession}  | recording-state function   |
 * | fan-out page  | FANOUT#{broadcastId}                 | {shard}#{after or -}            | fan-out worker (TTL 2 d)   |
 * | ticked order  | TICKED#{orderId}                     | TICKED                          | ticker worker (TTL 1 d)    |
 * | ticker shard  | TICKER#{sellerId}                    | PENDING#{0..15}                 | ticker worker              |
 * | ticker slot   | TICKER#{sellerId}                    | SLOT                            | ticker worker              |
 * | selling room  | TICKROOMS#{minute}#{shard 0..7}      | {sellerId}                      | ticker worker (TTL 1 h)    |
 *
 * Followers are sharded (FOLLOWER_SHARDS partitions per seller, by a hash of the buyer id): a follow
 * is a transaction (2 WCU per item), so one partition would cap a seller at ~500 follows/s during a
 * viral broadcast; eight shards give ~4,000/s. Fan-out pages each shard on its own chain of messages.
 */
export const FOLLOWER_SHARDS = 8;

export interface FollowItem {
  buyerId: string;
  sellerId: string;
  followedAt: string;
}
export const FOLLOW_SK_PREFIX = 'FOLLOWS#';
export const buyerFollowsPartition = (buyerId: string) => `BUYER#${buyerId}`;
export const followKey = (buyerId: string, sellerId: string) => ({ pk: buyerFollowsPartition(buyerId), sk: `${FOLLOW_SK_PREFIX}${sellerId}` });

export interface FollowerItem {
  buyerId: string;
  sellerId: string;
  followedAt: string;
}
export const followersPartition = (sellerId: string, shard: number) => `FOLLOWERS#${sellerId}#${shard}`;
export const followerKey = (sellerId: string, shard: number, buyerId: string) => ({ pk: followersPartition(sellerId, shard), sk: buyerId });

export interface NotificationItem {
  notificationId: string;
  userId: string;
  kind: 'SELLER_LIVE';
  sellerId: string;
  broadcastId: string;
  displayName: string;
  playbackUrl: string;
  at: string;
  /** TTL, epoch seconds. */
  expiresAt: number;
}
export const inboxPartition = (userId: string) => `INBOX#${userId}`;
/** Broadcast ids are ULIDs: a user's inbox sorts by go-live time; the id keeps two of one broadcast apart (never happens). */
export const notificationKey = (userId: string, broadcastId: string, notificationId: string) => ({
  pk: inboxPartition(userId),
  sk: `NOTE#${broadcastId}#${notificationId}`,
});

export interface ReplayPin {
  atSeconds: number;
  productId: string;
  title: string;
}
export interface ReplayItem {
  replayId: string;
  sellerId: string;
  startedAt: string;
  endedAt: string;
  durationSeconds: number;
  playbackUrl: string;
  pins: ReplayPin[];
}
export const replaysPartition = (sellerId: string) => `REPLAYS#${sellerId}`;
export const replayKey = (sellerId: string, startedAt: string, replayId: string) => ({ pk: replaysPartition(sellerId), sk: `${startedAt}#${replayId}` });

/**
 * A fan-out page that is done (its notifications written and its successor sent). A redelivered copy
 * of a done page stops there, so a duplicate message never forks the chain into two.
 */
export const fanoutPageKey = (broadcastId: string, shard: number, after: string | undefined) => ({ pk: `FANOUT#${broadcastId}`, sk: `${shard}#${after ?? '-'}` });
export const FANOUT_PAGE_TTL_SECONDS = 2 * 86_400;

/**
 * The sales ticker (lambdas/live/domain/ticker.ts). An order's marker makes counting it idempotent; the
 * pending counts are sharded so that no single item takes every paid order's write; the slot item lets
 * one sender per room per interval through; the selling-room markers estimate how many rooms send.
 */
export const tickedKey = (orderId: string) => ({ pk: `TICKED#${orderId}`, sk: 'TICKED' });
export const tickerPartition = (sellerId: string) => `TICKER#${sellerId}`;
export const TICKER_PENDING_PREFIX = 'PENDING#';
export const tickerPendingKey = (sellerId: string, shard: number) => ({ pk: tickerPartition(sellerId), sk: `${TICKER_PENDING_PREFIX}${shard}` });
export const tickerSlotKey = (sellerId: string) => ({ pk: tickerPartition(sellerId), sk: 'SLOT' });
export const SELLING_ROOM_SHARDS = 8;
export const sellingRoomsPartition = (minute: string, shard: number) => `TICKROOMS#${minute}#${shard}`;
export const SELLING_ROOM_TTL_SECONDS = 3600;
