import type { ChatEvents } from '../adapters/chat-events';
import type { TickerQueue } from '../adapters/ticker-queue';
import {
  ACCUMULATOR_SHARDS,
  TICKER_EVENT_NAME,
  flushDelaySeconds,
  minuteOf,
  planChunks,
  planDrain,
  previousMinuteOf,
  shardOf,
  tickerAttributes,
  tickerIntervalMs,
  type Accumulator,
  type TickerChunk,
  type TickerOrder,
} from '../domain/ticker';
import type { TickerMessage } from '../domain/ticker-messages';
import type { ApplyOutcome } from '../store/ticker';

export interface TickerStore {
  applyChunk(chunk: TickerChunk, nowMs: number): Promise<ApplyOutcome>;
  claimSlot(sellerId: string, nowMs: number, intervalMs: number, minute: string): Promise<{ won: false } | { won: true; firstThisMinute: boolean; nextSendAt: number }>;
  nextSendAt(sellerId: string): Promise<number>;
  confirmSlot(sellerId: string, claimedNextSendAtMs: number, nextSendAtMs: number): Promise<boolean>;
  claimFlush(sellerId: string, nowMs: number, dueAtMs: number, token?: number): Promise<boolean>;
  readAccumulators(sellerId: string): Promise<Accumulator[]>;
  takeFromShard(sellerId: string, shard: number, count: number): Promise<boolean>;
  returnToShard(sellerId: string, shard: number, count: number): Promise<void>;
  markSellingRoom(sellerId: string, minute: string, nowMs: number): Promise<void>;
  countSellingRooms(minute: string): Promise<number>;
}

export interface TickerSources {
  paidOrders(orderIds: readonly string[]): Promise<TickerOrder[]>;
  room(sellerId: string): Promise<{ live: boolean; chatRoomArn: string | undefined }>;
  stockLeft(productId: string, shards: number): Promise<number>;
}

export interface TickerDeps {
  store: TickerStore;
  sources: TickerSources;
  chat: ChatEvents;
  queue: TickerQueue;
  /** Epoch ms. */
  clock: () => number;
  /** Rooms that sent during the previous minute (cached per minute by `sellingRoomsEstimate`). */
  sellingRooms: (nowMs: number) => Promise<number>;
}

export interface SellerOutcome {
  counted: number;
  duplicates: number;
  /** Orders of a seller who is not live: never counted, never shown. */
  dropped: number;
  sent: { count: number; attributes: Record<string, string>; at: number } | undefined;
}

/** The estimate behind the interval: one read of the previous minute's selling rooms per minute per container. */
export function sellingRoomsEstimate(store: Pick<TickerStore, 'countSellingRooms'>): (nowMs: number) => Promise<number> {
  let cached: { minute: string; rooms: Promise<number> } | undefined;
  return (nowMs) => {
    const minute = previousMinuteOf(nowMs);
    if (cached?.minute !== minute) {
      const rooms = store.countSellingRooms(minute).catch(() => 0);
      cached = { minute, rooms };
    }
    return cached.rooms;
  };
}

/** Transactions that collide on an accumulator shard (TransactionConflict) move on to the next shard. */
const MAX_APPLY_ATTEMPTS = 6;

/**
 * Counts a seller's paid orders exactly once: chunk by chunk, a marker per order and one ADD to an
 * accumulator shard in one transaction. Orders already marked (a redelivered message) are dropped and
 * the rest retried; a conflicting transaction is retried on another shard.
 */
async function countOrders(deps: TickerDeps, orders: readonly TickerOrder[]): Promise<{ counted: number; duplicates: number }> {
  let counted = 0;
  let duplicates = 0;
  for (const planned of planChunks(orders)) {
    let chunk = planned;
    for (let attempt = 0; chunk.orders.length > 0; attempt += 1) {
      let outcome: ApplyOutcome;
      try {
        outcome = await deps.store.applyChunk(chunk, deps.clock());
      } catch (error) {
        if (attempt + 1 >= MAX_APPLY_ATTEMPTS) throw error;
        chunk = { ...chunk, shard: (chunk.shard + 1 + shardOf(`${chunk.orders[0]!.orderId}#${attempt}`, ACCUMULATOR_SHARDS - 1)) % ACCUMULATOR_SHARDS };
        continue;
      }
      if (outcome.kind === 'applied') {
        counted += chunk.orders.length;
        break;
      }
      const seen = new Set(outcome.orderIds);
      duplicates += seen.size;
      const rest = chunk.orders.filter((order) => !seen.has(order.orderId));
      if (rest.length === 0) break;
      chunk = planChunks(rest)[0]!;
    }
  }
  return { counted, duplicates };
}

/**
 * One send for a room, if its slot is free: reads the accumulators, takes exactly what it read, and
 * sends one event with the sum (given back if SendEvent fails). A seller who is no longer live has
 * the counts taken and dropped. Then, if counts remain (or the slot was taken), one delayed flush.
 */
async function trySend(deps: TickerDeps, sellerId: string, flushToken: number | undefined, justCounted: boolean): Promise<SellerOutcome['sent']> {
  const now = deps.clock();
  const interval = tickerIntervalMs(await deps.sellingRooms(now));
  const minute = minuteOf(now);
  const slot = await deps.store.claimSlot(sellerId, now, interval, minute);
  let sent: SellerOutcome['sent'];
  let pendingLeft: boolean;
  if (slot.won) {
    if (slot.firstThisMinute) await deps.store.markSellingRoom(sellerId, minute, now);
    sent = await sendPending(deps, sellerId, { claimed: slot.nextSendAt, interval });
    pendingLeft = (await deps.store.readAccumulators(sellerId)).some((a) => a.count > 0);
  } else {
    pendingLeft = justCounted || (await deps.store.readAccumulators(sellerId)).some((a) => a.count > 0);
  }
  if (pendingLeft) await scheduleFlush(deps, sellerId, flushToken);
  return sent;
}

async function sendPending(deps: TickerDeps, sellerId: string, slot: { claimed: number; interval: number }): Promise<SellerOutcome['sent']> {
  const drain = planDrain(await deps.store.readAccumulators(sellerId));
  if (drain.total === 0 || !drain.latest) return undefined;
  const taken: { shard: number; count: number }[] = [];
  for (const part of drain.taken) if (await deps.store.takeFromShard(sellerId, part.shard, part.count)) taken.push(part);
  const count = taken.reduce((sum, part) => sum + part.count, 0);
  if (count === 0) return undefined;
  const room = await deps.sources.room(sellerId);
  if (!room.live || !room.chatRoomArn) return undefined; // not live (any more): these orders never show
  const attributes = tickerAttributes(count, drain.latest, await deps.sources.stockLeft(drain.latest.productId, drain.latest.stockShards));
  const giveBack = async () => {
    for (const part of taken) await deps.store.returnToShard(sellerId, part.shard, part.count);
  };
  const at = deps.clock();
  if (!(await deps.store.confirmSlot(sellerId, slot.claimed, at + slot.interval))) {
    await giveBack(); // our claim lapsed and another sender has the slot: these counts go with a later event
    return undefined;
  }
  try {
    await deps.chat.sendEvent(room.chatRoomArn, TICKER_EVENT_NAME, attributes);
  } catch (error) {
    await giveBack();
    throw error;
  }
  return { count, attributes, at };
}

/** A delayed flush when the room's slot opens, unless one is already due (one flush in flight per room). */
async function scheduleFlush(deps: TickerDeps, sellerId: string, token: number | undefined): Promise<void> {
  const now = deps.clock();
  const dueAt = Math.max(now + 1000, await deps.store.nextSendAt(sellerId));
  if (await deps.store.claimFlush(sellerId, now, dueAt, token)) {
    await deps.queue.sendFlush({ kind: 'flush', sellerId, dueAt }, flushDelaySeconds(dueAt, now));
  }
}

/**
 * One batch of the ticker queue, seller by seller: paid orders of a live seller are counted (a seller
 * who is not live: dropped), then the room sends if its slot is free. Returns the messages whose
 * seller failed (to be redelivered: the order markers make that safe).
 */
export async function processTickerBatch(
  deps: TickerDeps,
  messages: readonly { id: string; message: TickerMessage }[],
): Promise<{ failedIds: string[]; outcomes: Map<string, SellerOutcome>; errors: { sellerId: string; error: unknown }[] }> {
  const bySeller = new Map<string, { ids: string[]; orderIds: string[]; flushToken: number | undefined; flush: boolean }>();
  for (const { id, message } of messages) {
    const seller = bySeller.get(message.sellerId) ?? { ids: [], orderIds: [], flushToken: undefined, flush: false };
    seller.ids.push(id);
    if (message.kind === 'paid') seller.orderIds.push(message.orderId);
    else {
      seller.flush = true;
      seller.flushToken = Math.max(seller.flushToken ?? 0, message.dueAt);
    }
    bySeller.set(message.sellerId, seller);
  }

  const failedIds: string[] = [];
  const errors: { sellerId: string; error: unknown }[] = [];
  const outcomes = new Map<string, SellerOutcome>();
  await Promise.all(
    [...bySeller].map(async ([sellerId, seller]) => {
      try {
        const outcome: SellerOutcome = { counted: 0, duplicates: 0, dropped: 0, sent: undefined };
        if (seller.orderIds.length > 0) {
          const room = await deps.sources.room(sellerId);
          if (!room.live) outcome.dropped = seller.orderIds.length;
          else {
            // Only the order's own data counts: a message naming another seller is not trusted.
            const orders = (await deps.sources.paidOrders(seller.orderIds)).filter((order) => order.sellerId === sellerId);
            Object.assign(outcome, await countOrders(deps, orders));
          }
        }
        if (outcome.counted > 0 || seller.flush) outcome.sent = await trySend(deps, sellerId, seller.flushToken, outcome.counted > 0);
        outcomes.set(sellerId, outcome);
      } catch (error) {
        failedIds.push(...seller.ids);
        errors.push({ sellerId, error });
      }
    }),
  );
  return { failedIds, outcomes, errors };
}
