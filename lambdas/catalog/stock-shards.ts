import type { ProductItem, ProductStatus } from './model';

/**
 * Stock is kept in shards so that a flash sale on one product never funnels every order through one
 * DynamoDB partition (≤1,000 WCU/s each; a transactional write costs 2). A product has `stockShards`
 * items, each holding part of its unsold units under its own partition key; an order writes one shard
 * (or several, for the last units) under a condition, so no count can go negative.
 *
 * At 5,000 orders/s on one product: 10,000 WCU/s of transactional stock writes / 16 shards
 * ≈ 625 WCU/s per shard key, under the 1,000 limit.
 *
 * A flash pin sets units aside on the same shards (see stock-moves.ts), so flash and regular sales
 * draw from one count: the product's stock is the sum of `unsold`, whatever price the units sell at.
 */
export const HOT_PRODUCT_STOCK_SHARDS = 16;
export const MAX_STOCK_SHARDS = 32;

interface StockShardKey {
  pk: string;
  sk: 'STOCK';
}

/**
 * One shard. Always `unsold = available + flashLeft`, every count ≥ 0, and `flashLeft = 0` when no
 * pin holds a set-aside here. `status` and `priceFen` are the product's, kept in step with the product
 * item by the same transactions: an order checks them here, on the shard it writes anyway, instead
 * of on the product item that every order of a flash sale would otherwise hit.
 */
export interface ShardState {
  productId: string;
  shard: number;
  /** Every unsold unit of the shard, set aside or not. The product's stock is the sum over its shards. */
  unsold: number;
  /** Unsold units not set aside: what sells at the regular price. */
  available: number;
  /** Unsold units set aside for the flash pin `flashPinId`: they sell at its price while it lasts. */
  flashLeft: number;
  flashPinId?: string | undefined;
  /** When the set-aside lapses (epoch ms, the pin's end); after it the units are the product's again. */
  flashUntil?: number | undefined;
  status: ProductStatus;
  priceFen: number;
}

export type StockShardItem = StockShardKey & ShardState;

/** The item holding shard `shard` of a product's stock. */
export const stockShardKey = (productId: string, shard: number): StockShardKey => ({ pk: `STOCK#${productId}#${shard}`, sk: 'STOCK' });

/** A new shard holding `units`, none set aside. */
export const newShardItem = (product: Pick<ProductItem, 'productId' | 'status' | 'priceFen'>, shard: number, units: number): StockShardItem => ({
  ...stockShardKey(product.productId, shard),
  productId: product.productId,
  shard,
  unsold: units,
  available: units,
  flashLeft: 0,
  status: product.status,
  priceFen: product.priceFen,
});

/** The shard holds a set-aside that has not lapsed at `nowMs`. */
export const holdsLiveSetAside = (shard: Pick<ShardState, 'flashPinId' | 'flashUntil'>, nowMs: number) =>
  shard.flashPinId !== undefined && (shard.flashUntil ?? 0) > nowMs;

/** The shard holds a set-aside whose pin has ended: its units are the product's again (reclaimed on the next write). */
export const holdsLapsedSetAside = (shard: Pick<ShardState, 'flashPinId' | 'flashUntil'>, nowMs: number) =>
  shard.flashPinId !== undefined && !holdsLiveSetAside(shard, nowMs);

/** Units that sell at the regular price now: a lapsed set-aside counts as the product's. */
export const regularSellable = (shard: ShardState, nowMs: number) => (holdsLiveSetAside(shard, nowMs) ? shard.available : shard.unsold);

/** Units that sell at pin `pinId`'s flash price now. */
export const flashSellable = (shard: ShardState, pinId: string, nowMs: number) =>
  shard.flashPinId === pinId && holdsLiveSetAside(shard, nowMs) ? shard.flashLeft : 0;

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
