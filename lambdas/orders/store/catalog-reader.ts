import { BatchGetCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../../core/aws/dynamodb';
import { currentPinKey, productKey, profileKey, type PinItem, type ProductItem, type SellerProfileItem } from '../../catalog/model';
import { flashStockShardKey, stockShardKey, type StockShardItem } from '../../catalog/stock-shards';
import type { ShardStock } from '../domain/allocation';
import type { StockPool } from '../domain/order';
import type { PricingPin, PricingProduct } from '../domain/pricing';
import type { CatalogReader } from '../use-cases/ports';



class TtlCache<T> {
  private readonly entries = new Map<string, { at: number; value: Promise<T> }>();
  constructor(private readonly ttlMs: number) {}

  get(key: string, load: () => Promise<T>): Promise<T> {
    const now = Date.now();
    const hit = this.entries.get(key);
    if (hit && now - hit.at < this.ttlMs) return hit.value;
    const value = load();
    this.entries.set(key, { at: now, value });
    value.catch(() => this.entries.delete(key));
    if (this.entries.size > 10_000) this.entries.clear();
    return value;
  }
}

async function batchGet(table: string, keys: readonly object[], consistent: boolean): Promise<Record<string, unknown>[]> {
  const found: Record<string, unknown>[] = [];
  for (let start = 0; start < keys.length; start += 100) {
    let pending: readonly object[] | undefined = keys.slice(start, start + 100);
    for (let attempt = 0; pending?.length; attempt++) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(200, 10 * 2 ** attempt)));
      const result = await documentClient.send(
        new BatchGetCommand({ RequestItems: { [table]: { Keys: pending as Record<string, unknown>[], ConsistentRead: consistent } } }),
      );
      found.push(...((result.Responses?.[table] ?? []) as Record<string, unknown>[]));
      pending = result.UnprocessedKeys?.[table]?.Keys as Record<string, unknown>[] | undefined;
    }
  }
  return found;
}

const poolShardKey = (pool: StockPool, shard: number) =>
  pool.kind === 'FLASH' ? flashStockShardKey(pool.id, shard) : stockShardKey(pool.id, shard);

/**
 * Profile, product and pin items share the seller's partition, and in a flash sale every order reads
 * them: a short per-instance cache (`ttlMs`) keeps those reads off the hot partition. Stock shards are
 * never cached.
 */
export function createCatalogReader(table: string, ttlMs: number): CatalogReader {
  const profiles = new TtlCache<string | undefined>(ttlMs);
  const products = new TtlCache<PricingProduct | undefined>(ttlMs);
  const pins = new TtlCache<PricingPin | undefined>(ttlMs);

  const loadProducts = async (sellerId: string, productIds: readonly string[]) => {
    const items = (await batchGet(table, productIds.map((id) => productKey(sellerId, id)), false)) as unknown as ProductItem[];
    return new Map(items.map((item) => [item.productId, item]));
  };

  return {
    sellerCountyCode: (sellerId) =>
      profiles.get(sellerId, async () => {
        const { Item } = await documentClient.send(new GetCommand({ TableName: table, Key: profileKey(sellerId) }));
        return (Item as SellerProfileItem | undefined)?.countyCode;
      }),

    async orderableProducts(sellerId, productIds) {
      // One batch read for the misses; each product is then cached on its own.
      let batch: Promise<Map<string, ProductItem>> | undefined;
      const results = await Promise.all(
        productIds.map((productId) =>
          products.get(`${sellerId}/${productId}`, async () => {
            batch ??= loadProducts(sellerId, productIds);
            const item = (await batch).get(productId);
            if (!item || item.status !== 'ACTIVE' || item.sellerId !== sellerId) return undefined;
            const { title, priceFen, stockShards } = item;
            return { productId, title, priceFen, stockShards: stockShards ?? 1 };
          }),
        ),
      );
      return new Map(results.flatMap((product) => (product ? [[product.productId, product] as const] : [])));
    },

    currentPin: (sellerId) =>
      pins.get(sellerId, async () => {
        const { Item } = await documentClient.send(new GetCommand({ TableName: table, Key: currentPinKey(sellerId) }));
        const pin = Item as PinItem | undefined;
        if (!pin) return undefined;
        const { pinId, productId, flashPriceFen, flashStock, flashStockShards, perBuyerLimit, startsAt, endsAt } = pin;
        return {
          pinId,
          productId,
          flashPriceFen: flashPriceFen ?? null,
          flashStock: flashStock ?? null,
          flashStockShards: flashStockShards ?? 1,
          perBuyerLimit: perBuyerLimit ?? null,
          startsAt,
          endsAt,
        };
      }),

    async readPool(pool) {
      const keys = Array.from({ length: pool.shards }, (_, shard) => poolShardKey(pool, shard));
      const items = (await batchGet(table, keys, true)) as unknown as StockShardItem[];
      const byPk = new Map(items.map((item) => [item.pk, item.available]));
      return keys.map((key, shard): ShardStock => ({ shard, available: Number(byPk.get(key.pk) ?? 0) }));
    },
  };
}

export { poolShardKey };
