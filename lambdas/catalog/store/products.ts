import { GetCommand, TransactWriteCommand, UpdateCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { planProductShardMoves, sellerListStatuses, type AttributeUpdate, type ProductShardMove } from '../domain/products';
import { decodeProduct, decodeStockShard } from '../item-decoders';
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
import { moveExpression } from '../stock-moves';
import { newShardItem, splitStock, stockShardKey, type ShardState } from '../stock-shards';
import { queryPage, type Page } from './paging';
import { batchGet, cancellationCodes, catalogTable, db, isConditionalFailure, updateExpression } from './table';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

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
            (units, shard): TransactItem => ({
              Put: { TableName: catalogTable, Item: newShardItem(item, shard, units), ConditionExpression: 'attribute_not_exists(pk)' },
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
  return Item ? decodeProduct(Item) : undefined;
}

/** Every shard of the product, in shard order (undefined for a shard item that is missing). */
export async function readShards(product: Pick<ProductItem, 'productId' | 'stockShards'>, consistent: boolean): Promise<(ShardState | undefined)[]> {
  const keys = Array.from({ length: product.stockShards }, (_, shard) => stockShardKey(product.productId, shard));
  const byShard = new Map((await batchGet(keys, consistent)).map(decodeStockShard).map((item) => [item.shard, item]));
  return keys.map((_, shard) => byShard.get(shard));
}

/** A product's stock: every unsold unit of its shards, set aside for a flash pin or not. */
export async function readStock(products: readonly Pick<ProductItem, 'productId' | 'stockShards'>[], consistent = false): Promise<Map<string, number>> {
  const keys = products.flatMap((product) => Array.from({ length: product.stockShards }, (_, shard) => stockShardKey(product.productId, shard)));
  const totals = new Map(products.map((product) => [product.productId, 0]));
  for (const shard of (await batchGet(keys, consistent)).map(decodeStockShard)) {
    totals.set(shard.productId, (totals.get(shard.productId) ?? 0) + shard.unsold);
  }
  return totals;
}

export function listSellerProducts(sellerId: string, options: { limit: number; cursor?: string | undefined; status?: ProductStatus | undefined }): Promise<Page<ProductItem>> {
  const statuses = sellerListStatuses(options.status);
  const values: Record<string, unknown> = { ':pk': sellerPk(sellerId), ':prefix': PRODUCT_SK_PREFIX };
  statuses.forEach((status, i) => (values[`:st${i}`] = status));
  return queryPage(
    {
      TableName: catalogTable,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      FilterExpression: `#status IN (${statuses.map((_, i) => `:st${i}`).join(', ')})`,
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: values,
      ConsistentRead: true,
    },
    { limit: options.limit, cursor: options.cursor, scope: { pk: sellerPk(sellerId) }, keyAttributes: ['pk', 'sk'], decode: decodeProduct },
  );
}

/** From the sparse index that only ACTIVE products are in. */
export function listActiveProducts(sellerId: string, options: { limit: number; cursor?: string | undefined }): Promise<Page<ProductItem>> {
  const partition = activeProductsPartition(sellerId);
  return queryPage(
    {
      TableName: catalogTable,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': partition },
    },
    { limit: options.limit, cursor: options.cursor, scope: { gsi1pk: partition }, keyAttributes: ['pk', 'sk', 'gsi1pk', 'gsi1sk'], decode: decodeProduct },
  );
}

const NOT_ARCHIVED = 'attribute_exists(pk) AND #status <> :archived';
const SHARD_REWRITE_ATTEMPTS = 4;

export type UpdateOutcome =
  | { kind: 'updated'; product: ProductItem }
  | { kind: 'not-found' }
  | { kind: 'conflict' }
  /** The new stock is below the units set aside for the live flash pin. */
  | { kind: 'below-set-aside'; setAside: number };

/**
 * Applies a PATCH. A change of title, description or category touches the product item only. A change
 * of status, price or stock also writes every shard, in the same transaction: status and price are
 * copied to the shards (orders check them there), and a new stock is split over the shards, each
 * conditioned on the state just read. The product update is conditioned on the status and price read,
 * so two concurrent PATCHes cannot leave the shards describing a product that no longer is.
 * An order that writes a shard in between cancels this transaction (never the order), and it is retried
 * from a fresh read; if orders keep winning (a flash sale), the caller gets a 409 to retry.
 */
export async function updateProduct(
  sellerId: string,
  productId: string,
  update: AttributeUpdate,
  stockTotal: number | undefined,
  now = new Date(),
): Promise<UpdateOutcome> {
  const productUpdate = updateExpression(update.set, update.remove);
  const names = { ...productUpdate.ExpressionAttributeNames, '#status': 'status' };
  const values = { ...productUpdate.ExpressionAttributeValues, ':archived': 'ARCHIVED' };
  const touchesShards = stockTotal !== undefined || 'status' in update.set || 'priceFen' in update.set;
  if (!touchesShards) {
    try {
      const { Attributes } = await db.send(
        new UpdateCommand({
          TableName: catalogTable,
          Key: productKey(sellerId, productId),
          UpdateExpression: productUpdate.UpdateExpression,
          ConditionExpression: NOT_ARCHIVED,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ReturnValues: 'ALL_NEW',
        }),
      );
      return { kind: 'updated', product: decodeProduct(Attributes ?? {}) };
    } catch (error) {
      if (isConditionalFailure(error)) return { kind: 'not-found' };
      throw error;
    }
  }

  for (let attempt = 0; attempt < SHARD_REWRITE_ATTEMPTS; attempt += 1) {
    if (attempt > 0) await pause(attempt);
    const product = await getProduct(sellerId, productId);
    if (!product || product.status === 'ARCHIVED') return { kind: 'not-found' };
    const plan = planProductShardMoves(product, await readShards(product, true), update.set, stockTotal, now.getTime());
    if (plan.kind === 'below-set-aside') return plan;
    const outcome = await writeProductWithShards(product, productUpdate.UpdateExpression, names, values, plan.moves);
    if (outcome === 'written') {
      const updated = await getProduct(sellerId, productId);
      return updated ? { kind: 'updated', product: updated } : { kind: 'not-found' };
    }
    // 'changed': the product or a shard moved under us (an order, another PATCH); read again.
  }
  return { kind: 'conflict' };
}

/** ARCHIVED: out of every list and the active index, and no longer orderable at any price; idempotent. */
export async function archiveProduct(sellerId: string, productId: string, now: Date): Promise<'archived' | 'not-found' | 'conflict'> {
  const update = updateExpression({ status: 'ARCHIVED', updatedAt: now.toISOString() }, ['gsi1pk', 'gsi1sk']);
  for (let attempt = 0; attempt < SHARD_REWRITE_ATTEMPTS; attempt += 1) {
    if (attempt > 0) await pause(attempt);
    const product = await getProduct(sellerId, productId);
    if (!product) return 'not-found';
    if (product.status === 'ARCHIVED') return 'archived';
    const moves = planProductShardMoves(product, await readShards(product, true), { status: 'ARCHIVED' }, undefined, now.getTime());
    if (moves.kind !== 'moves') return 'conflict';
    const outcome = await writeProductWithShards(product, update.UpdateExpression, { ...update.ExpressionAttributeNames, '#status': 'status' }, update.ExpressionAttributeValues, moves.moves);
    if (outcome === 'written') return 'archived';
  }
  return 'conflict';
}

const pause = (attempt: number) => new Promise((resolve) => setTimeout(resolve, 20 * 2 ** attempt * (0.5 + Math.random())));

async function writeProductWithShards(
  product: ProductItem,
  updateExpressionText: string,
  names: Record<string, string>,
  values: Record<string, unknown>,
  shardMoves: readonly ProductShardMove[],
): Promise<'written' | 'changed'> {
  try {
    await db.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: catalogTable,
              Key: productKey(product.sellerId, product.productId),
              UpdateExpression: updateExpressionText,
              // The shards' copy is derived from the status and price read: both must still hold.
              ConditionExpression: 'attribute_exists(pk) AND #status = :seenStatus AND #priceFen = :seenPrice',
              ExpressionAttributeNames: { ...names, '#priceFen': 'priceFen' },
              ExpressionAttributeValues: { ...withoutUnused(values, updateExpressionText), ':seenStatus': product.status, ':seenPrice': product.priceFen },
            },
          },
          ...shardMoves.map(
            ({ shard, move }): TransactItem => ({ Update: { TableName: catalogTable, Key: stockShardKey(product.productId, shard), ...moveExpression(move) } }),
          ),
        ],
      }),
    );
    return 'written';
  } catch (error) {
    if (cancellationCodes(error)) return 'changed';
    throw error;
  }
}

/** DynamoDB rejects expression values that no expression uses. */
const withoutUnused = (values: Record<string, unknown>, ...expressions: string[]) =>
  Object.fromEntries(Object.entries(values).filter(([name]) => expressions.some((text) => new RegExp(`${name}\\b`).test(text))));
