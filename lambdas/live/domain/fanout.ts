import { z } from 'zod';
import { FOLLOWER_SHARDS } from '../model';
import type { GoLive } from './notifications';

/** Followers read per message: 20 BatchWriteItem calls of 25, well inside the worker's timeout. */
export const FANOUT_PAGE_SIZE = 500;

/**
 * A fan-out message. `cursor: null` is the first one, sent at go-live: its worker starts one chain per
 * follower shard. Each later message is one page of one shard (`after`: the last follower id of the
 * previous page, absent on the shard's first page); its worker writes the page and sends the next.
 */
export const fanoutMessageSchema = z.object({
  sellerId: z.string().min(1),
  broadcastId: z.string().min(1),
  displayName: z.string(),
  playbackUrl: z.string(),
  startedAt: z.iso.datetime(),
  cursor: z.object({ shard: z.number().int().min(0).max(FOLLOWER_SHARDS - 1), after: z.string().min(1).optional() }).nullable(),
});
export type FanoutMessage = z.infer<typeof fanoutMessageSchema>;
export type FanoutCursor = NonNullable<FanoutMessage['cursor']>;

export const firstFanoutMessage = (goLive: GoLive): FanoutMessage => ({ ...goLive, cursor: null });

export const goLiveOf = ({ sellerId, broadcastId, displayName, playbackUrl, startedAt }: FanoutMessage): GoLive => ({
  sellerId,
  broadcastId,
  displayName,
  playbackUrl,
  startedAt,
});

/** The first message's successors: the first page of every shard. */
export const shardStarts = (message: FanoutMessage, shards = FOLLOWER_SHARDS): FanoutMessage[] =>
  Array.from({ length: shards }, (_, shard) => ({ ...message, cursor: { shard } }));

/**
 * Deduplication id of a message, for logs and FIFO-free reasoning: a page is named by its broadcast,
 * shard and start, so a redelivered page and its re-sent successor are the same work again.
 */
export const pageName = (message: FanoutMessage) =>
  message.cursor ? `${message.broadcastId}/${message.cursor.shard}/${message.cursor.after ?? '-'}` : `${message.broadcastId}/start`;
