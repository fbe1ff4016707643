import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { batchGet } from '../../core/aws/batch-get';
import { documentClient } from '../../core/aws/dynamodb';
import { TtlCache } from '../../core/ttl-cache';
import { itemDecoder } from '../../core/item-decoder';
import { decodePin, decodeProduct, decodeStockShard } from '../../catalog/item-decoders';
import { currentPinKey, productKey, profileKey, type ProductItem } from '../../catalog/model';
import { stockShardKey, type ShardState } from '../../catalog/stock-shards';
import type { PricingPin, PricingProduct } from '../domain/pricing';
import type { CatalogReader, StockReader } from '../use-cases/ports';

// Only the profile's county is read here: the catalog owns the profile item and its full shape.
const decodeProfileCounty = itemDecoder('seller profile', z.object({ countyCode: z.string().min(1) }));

const pricingProduct = ({ productId, title, priceFen, stockShards }: ProductItem): PricingProduct => ({ productId, title, priceFen, stockShards });

/** Stock shards are never cached: every read is strongly consistent. */
export function createStockReader(table: string): StockReader {
  return {
    async readShards(productId, shards): Promise<(ShardState | undefined)[]> {
      const keys = Array.from({ length: shards }, (_, shard) => stockShardKey(productId, shard));
      const byShard = new Map((await batchGet(table, keys, { consistent: true })).map(decodeStockShard).map((item) => [item.shard, item]));
      return keys.map((_, shard) => byShard.get(shard));
    },
  };
}

/**
 * Profile, product and pin items share the seller's partition, and in a flash sale every order reads
 * them: a short per-instance cache (`ttlMs`) keeps those reads off the hot partition. The order's writes
 * re-check on the stock shards what pricing took from this cache (see domain/stock-plan.ts), and a
 * `fresh` read refreshes it when they found it behind.
 */
export function createCatalogReader(table: string, ttlMs: number): CatalogReader {
  const profiles = new TtlCache<string | undefined>(ttlMs);
  const products = new TtlCache<PricingProduct | undefined>(ttlMs);
  const pins = new TtlCache<PricingPin | undefined>(ttlMs);

  const loadProducts = async (sellerId: string, productIds: readonly string[], consistent: boolean) => {
    const items = (await batchGet(table, productIds.map((id) => productKey(sellerId, id)), { consistent })).map(decodeProduct);
    return new Map(items.map((item) => [item.productId, item]));
  };

  const loadPin = async (sellerId: string, consistent: boolean): Promise<PricingPin | undefined> => {
    const { Item } = await documentClient.send(new GetCommand({ TableName: table, Key: currentPinKey(sellerId), ConsistentRead: consistent }));
    if (!Item) return undefined;
    const { pinId, productId, flashPriceFen, flashStock, perBuyerLimit, startsAt, endsAt } = decodePin(Item);
    return { pinId, productId, flashPriceFen, flashStock, perBuyerLimit, startsAt, endsAt };
  };

  return {
    ...createStockReader(table),

    sellerCountyCode: (sellerId) =>
      profiles.get(sellerId, async () => {
        const { Item } = await documentClient.send(new GetCommand({ TableName: table, Key: profileKey(sellerId) }));
        return Item ? decodeProfileCounty(Item).countyCode : undefined;
      }),

    async orderableProducts(sellerId, productIds, fresh = false) {
      // One batch read for the misses; each product is then cached on its own.
      let batch: Promise<Map<string, ProductItem>> | undefined;
      const results = await Promise.all(
        productIds.map((productId) => {
          const load = async () => {
            batch ??= loadProducts(sellerId, productIds, fresh);
            const item = (await batch).get(productId);
            return item && item.status === 'ACTIVE' && item.sellerId === sellerId ? pricingProduct(item) : undefined;
          };
          const key = `${sellerId}/${productId}`;
          return fresh ? products.refresh(key, load) : products.get(key, load);
        }),
      );
      return new Map(results.flatMap((product) => (product ? [[product.productId, product] as const] : [])));
    },

    currentPin: (sellerId, fresh = false) => (fresh ? pins.refresh(sellerId, () => loadPin(sellerId, true)) : pins.get(sellerId, () => loadPin(sellerId, false))),
  };
}
