import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { inject } from 'vitest';
import { currentPinKey, productKey, profileKey, type PinItem, type ProductItem, type SellerProfileItem } from '../../../lambdas/catalog/model';
import { newShardItem, splitStock, stockShardKey } from '../../../lambdas/catalog/stock-shards';
import { tables } from '../../../lib/topology';

/**
 * Orders tests seed the catalog by writing its items with the catalog's own key builders (the catalog
 * routes are another capability's), then drive orders through the local runtime.
 */
const runtime = inject('localRuntime');
// Store modules create their SDK clients at import: point them at the emulators first.
Object.assign(process.env, runtime.env);

export const localEnv = runtime.env;
export const documents = DynamoDBDocumentClient.from(
  new DynamoDBClient({
    endpoint: runtime.env.AWS_ENDPOINT_URL_DYNAMODB,
    region: runtime.env.AWS_REGION,
    credentials: { accessKeyId: runtime.env.AWS_ACCESS_KEY_ID!, secretAccessKey: runtime.env.AWS_SECRET_ACCESS_KEY! },
  }),
  { marshallOptions: { removeUndefinedValues: true } },
);
export const catalogTable = tables.catalog.localName;
export const ordersTable = tables.orders.localName;

export const address = { name: '张三', phone: '13800138000', countyCode: '110101', detail: '东城区某街道 1 号' };
export const CAO_COUNTY = '371721';

export async function seedSeller(sellerId: string, countyCode = CAO_COUNTY): Promise<void> {
  const now = new Date().toISOString();
  const profile: SellerProfileItem = { sellerId, displayName: `Farm ${sellerId}`, countyCode, village: '青岗集', createdAt: now, updatedAt: now };
  await documents.send(new PutCommand({ TableName: catalogTable, Item: { ...profileKey(sellerId), ...profile } }));
}

async function writeAll(items: Record<string, unknown>[]) {
  for (let i = 0; i < items.length; i += 25) {
    await documents.send(new BatchWriteCommand({ RequestItems: { [catalogTable]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) } }));
  }
}

export async function seedProduct(
  sellerId: string,
  options: { stock: number; shards?: number; priceFen?: number; title?: string; status?: ProductItem['status'] },
): Promise<ProductItem> {
  const now = new Date().toISOString();
  const product: ProductItem = {
    productId: ulid(),
    sellerId,
    title: options.title ?? '曹县芦笋',
    unit: 'jin',
    priceFen: options.priceFen ?? 1280,
    status: options.status ?? 'ACTIVE',
    stockShards: options.shards ?? 1,
    createdAt: now,
    updatedAt: now,
  };
  const shards = splitStock(options.stock, product.stockShards).map((units, shard) => ({ ...newShardItem(product, shard, units) }));
  await writeAll([{ ...productKey(sellerId, product.productId), ...product }, ...shards]);
  return product;
}

/**
 * Pins `product` through the catalog's own store (the pin and, for a flash pin, its units set aside
 * on the product's shards, in one transaction), without the IVS metadata the route also sends.
 */
export async function seedPin(
  product: ProductItem,
  options: { flashPriceFen?: number; flashStock?: number; perBuyerLimit?: number; startsAt?: string; endsAt?: string },
): Promise<PinItem> {
  const { changePin, getCurrentPin } = await import('../../../lambdas/catalog/store/pins');
  const { pinChangeMoves, planSetAside } = await import('../../../lambdas/catalog/domain/pins');
  const isFlash = options.flashPriceFen !== undefined && options.flashStock !== undefined;
  const pin: PinItem = {
    pinId: ulid(),
    sellerId: product.sellerId,
    productId: product.productId,
    productTitle: product.title,
    flashPriceFen: options.flashPriceFen ?? null,
    flashStock: options.flashStock ?? null,
    flashStockShards: isFlash ? product.stockShards : 0,
    perBuyerLimit: options.perBuyerLimit ?? null,
    startsAt: options.startsAt ?? new Date(Date.now() - 1000).toISOString(),
    endsAt: options.endsAt ?? new Date(Date.now() + 600_000).toISOString(),
  };
  const quotas = isFlash ? planSetAside(await productStock(product), options.flashStock!) : undefined;
  if (isFlash && !quotas) throw new Error('Not enough unsold units for this flash pin');
  const current = await getCurrentPin(product.sellerId);
  const outcome = await changePin({ sellerId: product.sellerId, current, next: pin, shardWrites: pinChangeMoves(current, pin, quotas) });
  if (outcome !== 'saved') throw new Error(`Pin not saved: ${outcome}`);
  return pin;
}

/** The shard items of a product, read consistently (undefined where one is missing). */
export async function shardItems(product: Pick<ProductItem, 'productId' | 'stockShards'>): Promise<(Record<string, unknown> | undefined)[]> {
  return Promise.all(
    Array.from({ length: product.stockShards }, async (_, shard) => {
      const { Item } = await documents.send(new GetCommand({ TableName: catalogTable, Key: stockShardKey(product.productId, shard), ConsistentRead: true }));
      return Item;
    }),
  );
}

/** The product's stock per shard: every unsold unit, set aside for a flash pin or not. */
export const productStock = async (product: Pick<ProductItem, 'productId' | 'stockShards'>) => (await shardItems(product)).map((item) => Number(item?.unsold ?? Number.NaN));
/** Per shard, the units still set aside for `pin` (0 where the shard no longer holds it). */
export const flashStock = async (pin: PinItem) =>
  (await shardItems({ productId: pin.productId, stockShards: pin.flashStockShards })).map((item) => (item?.flashPinId === pin.pinId ? Number(item.flashLeft) : 0));
/** Per shard, the units that sell at the regular price now (not set aside for a live pin). */
export const regularStock = async (product: Pick<ProductItem, 'productId' | 'stockShards'>, nowMs = Date.now()) =>
  (await shardItems(product)).map((item) => Number(item && item.flashPinId !== undefined && Number(item.flashUntil) > nowMs ? item.available : item?.unsold));

export async function getItem(pk: string, sk: string): Promise<Record<string, unknown> | undefined> {
  const { Item } = await documents.send(new GetCommand({ TableName: ordersTable, Key: { pk, sk }, ConsistentRead: true }));
  return Item;
}

/** Every order item of a seller, from the base table's seller-list index (all shards). */
export async function ordersOfSeller(sellerId: string): Promise<Record<string, unknown>[]> {
  const { SELLER_INDEX_SHARDS, sellerListPk } = await import('../../../lambdas/orders/model');
  const pages = await Promise.all(
    Array.from({ length: SELLER_INDEX_SHARDS }, async (_, shard) => {
      const items: Record<string, unknown>[] = [];
      let start: Record<string, unknown> | undefined;
      do {
        const page = await documents.send(
          new QueryCommand({ TableName: ordersTable, IndexName: 'gsi2', KeyConditionExpression: 'gsi2pk = :pk', ExpressionAttributeValues: { ':pk': sellerListPk(sellerId, shard) }, ExclusiveStartKey: start }),
        );
        items.push(...(page.Items ?? []));
        start = page.LastEvaluatedKey;
      } while (start);
      return items;
    }),
  );
  return pages.flat();
}

/** Polls until `check` returns a value other than undefined (the wiring is asynchronous by nature). */
export async function eventually<T>(check: () => Promise<T | undefined>, what: string, timeoutMs = 45_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Runs `tasks` with at most `width` in flight. */
export async function inParallel<T>(tasks: (() => Promise<T>)[], width: number): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, tasks.length) }, async () => {
      while (next < tasks.length) {
        const index = next++;
        results[index] = await tasks[index]!();
      }
    }),
  );
  return results;
}

export interface QueueDepths {
  fulfilment: { visible: number; inFlight: number };
  fulfilmentDlq: { visible: number };
  outboxDlq: { visible: number };
}

/** GET /_local/queues of the shared runtime. */
export async function queueDepths(baseUrl: string): Promise<QueueDepths> {
  const response = await fetch(new URL('/_local/queues', baseUrl));
  return (await response.json()) as QueueDepths;
}

/** Waits until the fulfilment queue holds nothing, visible or in flight (other tests share it). */
export const fulfilmentQueueDrained = (baseUrl: string) =>
  eventually(async () => {
    const { fulfilment } = await queueDepths(baseUrl);
    return fulfilment.visible + fulfilment.inFlight === 0 ? true : undefined;
  }, 'the fulfilment queue to drain', 90_000);

/**
 * Makes an unpaid order PAID with the lifecycle's own transition (a conditional write on its version),
 * as a verified Alipay notification would: for tests of what follows payment (the outbox, the worker,
 * cancel with refund) that do not drive the Alipay stand-in.
 */
export async function payDirectly(orderId: string, paidAt = new Date().toISOString()): Promise<void> {
  const { createOrderStore } = await import('../../../lambdas/orders/store/order-store');
  const { transitionOrder } = await import('../../../lambdas/orders/use-cases/transitions');
  const { systemRuntime } = await import('../../../lambdas/orders/use-cases/ports');
  const { markPaid } = await import('../../../lambdas/orders/domain/order');
  await transitionOrder({ orders: createOrderStore({ orders: ordersTable }), runtime: systemRuntime }, orderId, (order) => {
    if (!order) throw new Error(`No order ${orderId}`);
    return order.status === 'PENDING_PAYMENT' ? { transition: markPaid(order, paidAt, systemRuntime.now()) } : { done: order };
  });
}
