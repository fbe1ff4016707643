import { createHash } from 'node:crypto';

/**
 * The sales ticker (API.md "Live commerce", DESIGN.md §7 Coalescing): every newly paid order of a live
 * seller is counted exactly once into per-seller accumulator shards, and at most one IVS Chat event per
 * room per interval carries the sum. Pure: no AWS import.
 */

export const TICKER_EVENT_NAME = 'order:paid';
/** Accumulator shards per seller: each chunk of orders writes one, chosen by its first order id. */
export const ACCUMULATOR_SHARDS = 16;
/** A transaction holds at most 100 actions: 99 order markers + 1 accumulator update. */
export const MAX_ORDERS_PER_CHUNK = 99;
/** The ticker's share of the account's SendEvent rate (100 TPS per account and region, not adjustable). */
export const SEND_EVENT_BUDGET_PER_SECOND = 80;
export const MIN_INTERVAL_MS = 1000;
/** How long an order's "already counted" marker lives: SQS redelivers within the queue's retention (1 day). */
export const MARKER_TTL_SECONDS = 86_400;

/** What the ticker needs of a paid order, and nothing more (the shipping name only as its mask). */
export interface TickerOrder {
  orderId: string;
  sellerId: string;
  /** Already masked: first code point + "**". */
  buyer: string;
  productId: string;
  quantity: number;
  /** The product's stock shard count (for stockLeft at send time). */
  stockShards: number;
  paidAt: string;
}

export type TickerLatest = Omit<TickerOrder, 'orderId' | 'sellerId'> & { orderId: string };

/** First code point of the shipping name + "**" (a surrogate pair stays whole; an empty name gives "**"). */
export function maskBuyer(shippingName: string): string {
  const first = Array.from(shippingName.trim())[0] ?? '';
  return `${first}**`;
}

/**
 * The interval between two events of one room: one event per second while few rooms sell; when more
 * rooms than the budget sell at once, every room's interval widens alike so that the sum stays under it.
 */
export function tickerIntervalMs(sellingRooms: number, budgetPerSecond = SEND_EVENT_BUDGET_PER_SECOND): number {
  if (budgetPerSecond <= 0) throw new RangeError('the SendEvent budget must be > 0');
  return Math.max(MIN_INTERVAL_MS, Math.ceil((Math.max(0, sellingRooms) / budgetPerSecond) * 1000));
}

/** A stable shard in 0..shards-1 for a key (first 4 bytes of SHA-256). */
export function shardOf(key: string, shards: number): number {
  return createHash('sha256').update(key, 'utf8').digest().readUInt32BE(0) % shards;
}

/** The later of two orders by payment time, then id (a total order, so every writer agrees). */
const later = (a: TickerLatest, b: TickerLatest) => (a.paidAt > b.paidAt || (a.paidAt === b.paidAt && a.orderId > b.orderId) ? a : b);

export function latestOf(orders: readonly TickerLatest[]): TickerLatest | undefined {
  return orders.reduce<TickerLatest | undefined>((best, order) => (best ? later(best, order) : order), undefined);
}

export const latestDetails = ({ orderId, buyer, productId, quantity, stockShards, paidAt }: TickerOrder): TickerLatest => ({
  orderId,
  buyer,
  productId,
  quantity,
  stockShards,
  paidAt,
});

export interface TickerChunk {
  sellerId: string;
  shard: number;
  orders: TickerOrder[];
  latest: TickerLatest;
}

/**
 * Splits paid orders into transactions: per seller, chunks of ≤ 99 distinct orders, each for the
 * accumulator shard named by its first order id (so concurrent invocations spread over the shards).
 */
export function planChunks(orders: readonly TickerOrder[]): TickerChunk[] {
  const bySeller = new Map<string, Map<string, TickerOrder>>();
  for (const order of orders) {
    const seller = bySeller.get(order.sellerId) ?? new Map<string, TickerOrder>();
    seller.set(order.orderId, order);
    bySeller.set(order.sellerId, seller);
  }
  const chunks: TickerChunk[] = [];
  for (const [sellerId, distinct] of bySeller) {
    const list = [...distinct.values()];
    for (let start = 0; start < list.length; start += MAX_ORDERS_PER_CHUNK) {
      const part = list.slice(start, start + MAX_ORDERS_PER_CHUNK);
      chunks.push({ sellerId, shard: shardOf(part[0]!.orderId, ACCUMULATOR_SHARDS), orders: part, latest: latestOf(part.map(latestDetails))! });
    }
  }
  return chunks;
}

export interface Accumulator {
  shard: number;
  count: number;
  latest?: TickerLatest | undefined;
}

export interface Drain {
  /** Orders folded into this event. */
  total: number;
  latest: TickerLatest | undefined;
  /** Exactly what was read from each shard: subtracted after reading, added back if the send fails. */
  taken: { shard: number; count: number }[];
}

/** What one send takes from the accumulators: every positive count, and the latest order among them. */
export function planDrain(accumulators: readonly Accumulator[]): Drain {
  const taken = accumulators.filter((a) => a.count > 0).map(({ shard, count }) => ({ shard, count }));
  const withOrders = accumulators.filter((a) => a.count > 0 && a.latest !== undefined);
  return {
    total: taken.reduce((sum, { count }) => sum + count, 0),
    latest: latestOf(withOrders.map((a) => a.latest!)),
    taken,
  };
}

/** The IVS Chat event's attributes: every value a string (SendEvent's attribute map is string → string). */
export function tickerAttributes(count: number, latest: TickerLatest, stockLeft: number): Record<string, string> {
  return { buyer: latest.buyer, productId: latest.productId, quantity: String(latest.quantity), count: String(count), stockLeft: String(Math.max(0, stockLeft)) };
}

/** SQS DelaySeconds for the next flush: when the room's slot opens again, at least 1 s, at most 900 s. */
export function flushDelaySeconds(nextSendAtMs: number, nowMs: number): number {
  return Math.min(900, Math.max(1, Math.ceil((nextSendAtMs - nowMs) / 1000)));
}

/** The UTC minute (YYYY-MM-DDTHH:MM) of an instant: the bucket of the selling-rooms estimate. */
export const minuteOf = (nowMs: number) => new Date(nowMs).toISOString().slice(0, 16);
export const previousMinuteOf = (nowMs: number) => minuteOf(nowMs - 60_000);
