import type { ShardWrite } from '../../catalog/stock-moves';
import type { ShardState } from '../../catalog/stock-shards';
import type { Order, OrderTimerKind, Transition } from '../domain/order';
import type { PricingPin, PricingProduct } from '../domain/pricing';

/** The catalog's stock shards, as the orders capability reads them (it writes them only through `ShardWrite`s). */
export interface StockReader {
  /** A strongly consistent read of every shard of a product, in shard order (undefined: the item is missing). */
  readShards(productId: string, shards: number): Promise<(ShardState | undefined)[]>;
}

/**
 * What the orders use cases need from the catalog (read-only; the catalog owns those items). Products
 * and pins may come from a short per-instance cache; `fresh` reads them strongly consistent and
 * refreshes the cache, for when a write showed that the cache is behind.
 */
export interface CatalogReader extends StockReader {
  sellerCountyCode(sellerId: string): Promise<string | undefined>;
  /** Orderable products of the seller (ACTIVE), by id; unknown, hidden or archived ones are absent. */
  orderableProducts(sellerId: string, productIds: readonly string[], fresh?: boolean): Promise<Map<string, PricingProduct>>;
  currentPin(sellerId: string, fresh?: boolean): Promise<PricingPin | undefined>;
}

/** A sale's shard write, with the order line it belongs to. */
export interface OrderShardWrite extends ShardWrite {
  line: number;
}

export type PlaceOutcome =
  | { kind: 'placed' }
  /** An order with this id exists already (the Idempotency-Key was used before). */
  | { kind: 'exists' }
  /** These lines (indexes into order.items) failed their stock condition (too few units, or the offer changed). */
  | { kind: 'stockShort'; lines: number[] }
  | { kind: 'limitExceeded' }
  | { kind: 'contention' }
  | { kind: 'throttled' };

export type TransitionOutcome = { kind: 'applied' } | { kind: 'stale' } | { kind: 'contention' } | { kind: 'throttled' };

export interface OrderPage {
  items: Order[];
  nextCursor: string | null;
}

export interface OrderStore {
  /** One transaction: every stock write (conditional), the order put (conditional), the buyer's pin counter. */
  place(order: Order, stock: readonly OrderShardWrite[]): Promise<PlaceOutcome>;
  get(orderId: string): Promise<Order | undefined>;
  /** The order update is conditional on `current.version`; the effects commit with it or not at all. */
  apply(current: Order, transition: Transition): Promise<TransitionOutcome>;
  listForBuyer(buyerId: string, limit: number, cursor: string | undefined): Promise<OrderPage>;
  listForSeller(sellerId: string, status: string | undefined, limit: number, cursor: string | undefined): Promise<OrderPage>;
  /** The units on the buyer's counter for a pin, or undefined when the counter does not exist (anymore). */
  buyerLimitUnits(pinId: string, buyerId: string): Promise<number | undefined>;
  /**
   * Ids of orders whose `kind` timer is due at or before `at` (the sparse timer index, every shard),
   * at most `limitPerShard` per shard, earliest first. The index is eventually consistent: callers read
   * each order again before deciding.
   */
  dueOrders(kind: OrderTimerKind, at: string, limitPerShard: number): Promise<string[]>;
}

export interface Runtime {
  now(): string;
  random(): number;
  sleep(ms: number): Promise<void>;
}

export const systemRuntime: Runtime = {
  now: () => new Date().toISOString(),
  random: Math.random,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};
