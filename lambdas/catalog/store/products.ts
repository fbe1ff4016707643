import { GetCommand, TransactWriteCommand, UpdateCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { sellerListStatuses, type AttributeUpdate } from '../domain/products';
import {
  activeProductIndexKeys,
  activeProductsPartition,
  PRODUCT_SK_PREFIX,
  productKey,
  profileKey,
  sellerPk,
  type ProductItem,
  type ProductStatus,
} from '../model';
import { splitStock, stockShardKey, type StockShardItem } from '../stock-shards';
import { queryPage, type Page } from './paging';
import { batchGet, cancellationCodes, catalogTable, db, isConditionalFailure, updateExpression } from './table';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

const shardItem = (productId: string, shard: number, available: number): StockShardItem & { productId: string } => ({
  ...stockShardKey(productId, shard),
  productId,
  shard,
  available,
});

/**
 * The product, its stock shards and a check that the seller has a profile, in one transaction: the
 * product never exists without its stock, nor without a profile.
 */
export async function createProduct(item: ProductItem, stock: number): Promise<'created' | 'profile-missing'> {
  const shards = splitStock(stock, item.stockShards);
  try {
    await db.send(
      new TransactWriteCommand({
        TransactItems: [
          { ConditionCheck: { TableName: catalogTable, Key: profileKey(item.sellerId), ConditionExpression: 'attribute_exists(pk)' } },
          {
            Put: {
              TableName: catalogTable,
              Item: { ...productKey(item.sellerId, item.productId), ...activeProductIndexKeys(item.sellerId, item.productId), ...item },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          ...shards.map(
            (available, shard): TransactItem => ({
              Put: { TableName: catalogTable, Item: shardItem(item.productId, shard, available), ConditionExpression: 'attribute_not_exists(pk)' },
            }),
          ),
        ],
      }),
    );
    return 'created';
  } catch (error) {
    if (cancellationCodes(error)?.[0] === 'ConditionalCheckFailed') return 'profile-missing';
    throw error;
  }
}

export async function getProduct(sellerId: string, productId: string): Promise<ProductItem | undefined> {
  const { Item } = await db.send(new GetCommand({ TableName: catalogTable, Key: productKey(sellerId, productId), ConsistentRead: true }));
  return Item ? stripKeys(Item) : undefined;
}

/** Available units per shard, in shard order (undefined for a shard item that is missing). */
async function readShards(product: Pick<ProductItem, 'productId' | 'stockShards'>, consistent: boolean): Promise<(number | undefined)[]> {
  const keys = Array.from({ length: product.stockShards }, (_, shard) => stockShardKey(product.productId, shard));
  const found = (await batchGet(keys, consistent)) as unknown as StockShardItem[];
  const byShard = new Map(found.map((item) => [item.shard, item.available]));
  return keys.map((_, shard) => byShard.get(shard));
}

/** A product's stock is the sum of its shards. */
export async function readStock(products: readonly Pick<ProductItem, 'productId' | 'stockShards'>[], consistent = false): Promise<Map<string, number>> {
  const keys = products.flatMap((product) => Array.from({ length: product.stockShards }, (_, shard) => stockShardKey(product.productId, shard)));
  const totals = new Map(products.map((product) => [product.productId, 0]));
  for (const item of (await batchGet(keys, consistent)) as unknown as StockShardItem[]) {
    if (item.productId !== undefined) totals.set(item.productId, (totals.get(item.productId) ?? 0) + item.available);
  }
  return totals;
}

export function listSellerProducts(sellerId: string, options: { limit: number; cursor?: string | undefined; status?: ProductStatus | undefined }): Promise<Page<ProductItem>> {
  const statuses = sellerListStatuses(options.status);
  const values: Record<string, unknown> = { ':pk': sellerPk(sellerId), ':prefix': PRODUCT_SK_PREFIX };
  statuses.forEach((status, i) => (values[`:st${i}`] = status));
  return queryPage<ProductItem>(
    {
      TableName: catalogTable,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      FilterExpression: `#status IN (${statuses.map((_, i) => `:st${i}`).join(', ')})`,
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: values,
      ConsistentRead: true,
    },
    { limit: options.limit, cursor: options.cursor, scope: { pk: sellerPk(sellerId) }, keyAttributes: ['pk', 'sk'] },
  ).then(strippedPage);
}

/** From the sparse index that only ACTIVE products are in. */
export function listActiveProducts(sellerId: string, options: { limit: number; cursor?: string | undefined }): Promise<Page<ProductItem>> {
  const partition = activeProductsPartition(sellerId);
  return queryPage<ProductItem>(
    {
      TableName: catalogTable,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': partition },
    },
    { limit: options.limit, cursor: options.cursor, scope: { gsi1pk: partition }, keyAttributes: ['pk', 'sk', 'gsi1pk', 'gsi1sk'] },
  ).then(strippedPage);
}

const NOT_ARCHIVED = 'attribute_exists(pk) AND #status <> :archived';
const STOCK_REWRITE_ATTEMPTS = 4;

export type UpdateOutcome = { kind: 'updated'; product: ProductItem } | { kind: 'not-found' } | { kind: 'conflict' };

/**
 * Applies a PATCH. With `stockTotal`, the shards are rewritten to split the new total, each under the
 * condition that it still holds what was just read, in the same transaction as the product update.
 * An order that decrements a shard in between cancels this transaction (never the order), and it is
 * retried from a fresh read: the total after the PATCH is exactly the seller's number, and no sale is
 * lost or counted twice. If orders keep winning (a flash sale), the caller gets a 409 to retry.
 */
export async function updateProduct(sellerId: string, productId: string, update: AttributeUpdate, stockTotal: number | undefined): Promise<UpdateOutcome> {
  const productUpdate = updateExpression(update.set, update.remove);
  const condition = {
    ConditionExpression: NOT_ARCHIVED,
    ExpressionAttributeNames: { ...productUpdate.ExpressionAttributeNames, '#status': 'status' },
    ExpressionAttributeValues: { ...productUpdate.ExpressionAttributeValues, ':archived': 'ARCHIVED' },
  };
  if (stockTotal === undefined) {
    try {
      const { Attributes } = await db.send(
        new UpdateCommand({ TableName: catalogTable, Key: productKey(sellerId, productId), UpdateExpression: productUpdate.UpdateExpression, ...condition, ReturnValues: 'ALL_NEW' }),
      );
      return { kind: 'updated', product: stripKeys(Attributes!) };
    } catch (error) {
      if (isConditionalFailure(error)) return { kind: 'not-found' };
      throw error;
    }
  }

  for (let attempt = 0; attempt < STOCK_REWRITE_ATTEMPTS; attempt += 1) {
    if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 20 * 2 ** attempt * (0.5 + Math.random())));
    const product = await getProduct(sellerId, productId);
    if (!product || product.status === 'ARCHIVED') return { kind: 'not-found' };
    const seen = await readShards(product, true);
    const targets = splitStock(stockTotal, product.stockShards);
    try {
      await db.send(
        new TransactWriteCommand({
          TransactItems: [
            { Update: { TableName: catalogTable, Key: productKey(sellerId, productId), UpdateExpression: productUpdate.UpdateExpression, ...condition } },
            ...targets.map(
              (available, shard): TransactItem => ({
                Put: {
                  TableName: catalogTable,
                  Item: shardItem(productId, shard, available),
                  ...(seen[shard] === undefined
                    ? { ConditionExpression: 'attribute_not_exists(pk)' }
                    : { ConditionExpression: 'available = :seen', ExpressionAttributeValues: { ':seen': seen[shard] } }),
                },
              }),
            ),
          ],
        }),
      );
      const updated = await getProduct(sellerId, productId);
      return updated ? { kind: 'updated', product: updated } : { kind: 'not-found' };
    } catch (error) {
      const codes = cancellationCodes(error);
      if (!codes) throw error;
      if (codes[0] === 'ConditionalCheckFailed') return { kind: 'not-found' };
      // A shard changed under us (ConditionalCheckFailed) or a concurrent transaction held it (TransactionConflict).
    }
  }
  return { kind: 'conflict' };
}

/** ARCHIVED: out of every list and the active index; idempotent. */
export async function archiveProduct(sellerId: string, productId: string, now: Date): Promise<'archived' | 'not-found'> {
  const update = updateExpression({ status: 'ARCHIVED', updatedAt: now.toISOString() }, ['gsi1pk', 'gsi1sk']);
  try {
    await db.send(new UpdateCommand({ TableName: catalogTable, Key: productKey(sellerId, productId), ...update, ConditionExpression: 'attribute_exists(pk)' }));
    return 'archived';
  } catch (error) {
    if (isConditionalFailure(error)) return 'not-found';
    throw error;
  }
}

function stripKeys(item: Record<string, unknown>): ProductItem {
  const { pk: _pk, sk: _sk, gsi1pk: _g1, gsi1sk: _g1s, ...product } = item;
  return product as unknown as ProductItem;
}

const strippedPage = (page: Page<ProductItem>): Page<ProductItem> => ({
  items: page.items.map((item) => stripKeys(item as unknown as Record<string, unknown>)),
  nextCursor: page.nextCursor,
});
