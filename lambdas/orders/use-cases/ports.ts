import type { ShardStock } from '../domain/allocation';
import type { Order, StockPool, Transition } from '../domain/order';
import type { PricingPin, PricingProduct } from '../domain/pricing';

/** What the orders use cases need from the catalog (read-only; the catalog owns those items). */
export interface CatalogReader {
  sellerCountyCode(sellerId: string): Promise<string | undefined>;
  /** Orderable products of the seller (ACTIVE), by id; unknown, hidden or archived ones are absent. */
  orderableProducts(sellerId: string, productIds: readonly string[]): Promise<Map<string, PricingProduct>>;
  currentPin(sellerId: string): Promise<PricingPin | undefined>;
  /** A strongly consistent read of every shard of a pool (missing shards count as empty). */
  readPool(pool: StockPool): Promise<ShardStock[]>;
}

export type PlaceOutcome =
  | { kind: 'placed' }
  /** An order with this id exists already (the Idempotency-Key was used before). */
  | { kind: 'exists' }
  /** These lines (indexes into order.items) failed their stock condition. */
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
  /** One transaction: every stock decrement (conditional), the order put (conditional), the buyer's pin counter. */
  place(order: Order): Promise<PlaceOutcome>;
  get(orderId: string): Promise<Order | undefined>;
  /** The order update is conditional on `current.version`; the effects commit with it or not at all. */
  apply(current: Order, transition: Transition): Promise<TransitionOutcome>;
  listForBuyer(buyerId: string, limit: number, cursor: string | undefined): Promise<OrderPage>;
  listForSeller(sellerId: string, status: string | undefined, limit: number, cursor: string | undefined): Promise<OrderPage>;
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
