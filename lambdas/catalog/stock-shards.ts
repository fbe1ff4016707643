/**
 * Stock is kept in shards so that a flash sale on one product never funnels every order through one
 * DynamoDB partition (≤1,000 WCU/s each; a transactional write costs 2). A product has `stockShards`
 * items, each holding part of the available units under its own partition key; an order decrements
 * one shard (or several, for the last units) under a condition, so stock can never go negative.
 *
 * At 5,000 orders/s on one product: 10,000 WCU/s of transactional stock writes / 16 shards
 * ≈ 625 WCU/s per shard key, under the 1,000 limit.
 */
export const DEFAULT_STOCK_SHARDS = 1;
export const HOT_PRODUCT_STOCK_SHARDS = 16;
export const MAX_STOCK_SHARDS = 32;

export interface StockShardKey {
  pk: string;
  sk: 'STOCK';
}

/**
 * A shard item: `available` is what orders decrement (`SET available = available - :n` under the
 * condition `available >= :n`) and cancellations give back. `productId` is set on regular stock
 * shards, `pinId` on flash stock shards.
 */
export interface StockShardItem extends StockShardKey {
  shard: number;
  available: number;
  productId?: string;
  pinId?: string;
  /** Flash shards only: TTL (epoch seconds), a while after the pin's window closed. */
  expiresAt?: number;
}

/** The item holding shard `shard` of a product's regular stock. */
export const stockShardKey = (productId: string, shard: number): StockShardKey => ({ pk: `STOCK#${productId}#${shard}`, sk: 'STOCK' });

/** The item holding shard `shard` of a flash pin's discounted stock. */
export const flashStockShardKey = (pinId: string, shard: number): StockShardKey => ({ pk: `FLASH#${pinId}#${shard}`, sk: 'STOCK' });

/** Splits `total` units as evenly as possible over `shards` shards (the first shards take the remainder). */
export function splitStock(total: number, shards: number): number[] {
  if (!Number.isInteger(total) || total < 0) throw new RangeError(`total must be a non-negative integer, got ${total}`);
  if (!Number.isInteger(shards) || shards < 1 || shards > MAX_STOCK_SHARDS) {
    throw new RangeError(`shards must be an integer from 1 to ${MAX_STOCK_SHARDS}, got ${shards}`);
  }
  const base = Math.floor(total / shards);
  const remainder = total % shards;
  return Array.from({ length: shards }, (_, shard) => base + (shard < remainder ? 1 : 0));
}
