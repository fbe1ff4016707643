import { activeProductIndexKeys, type ProductItem, type ProductStatus, type ProductUnit } from '../model';
import type { ShardMove } from '../stock-moves';
import { holdsLiveSetAside, splitStock, type ShardState } from '../stock-shards';

export interface NewProductInput {
  title: string;
  description?: string | undefined;
  unit: ProductUnit;
  priceFen: number;
  stock: number;
  category?: string | undefined;
  stockShards: number;
}

export interface ProductPatch {
  title?: string | undefined;
  description?: string | null | undefined;
  priceFen?: number | undefined;
  stock?: number | undefined;
  status?: 'ACTIVE' | 'HIDDEN' | undefined;
  category?: string | null | undefined;
}

export function newProductItem(sellerId: string, productId: string, input: NewProductInput, now: Date): ProductItem {
  const at = now.toISOString();
  return {
    productId,
    sellerId,
    title: input.title,
    ...(input.description === undefined ? {} : { description: input.description }),
    unit: input.unit,
    priceFen: input.priceFen,
    ...(input.category === undefined ? {} : { category: input.category }),
    status: 'ACTIVE',
    stockShards: input.stockShards,
    createdAt: at,
    updatedAt: at,
  };
}

/** `stock` counts every unsold unit, set aside for a flash pin or not. */
export function productView(item: ProductItem, stock: number) {
  return {
    productId: item.productId,
    sellerId: item.sellerId,
    title: item.title,
    description: item.description ?? null,
    unit: item.unit,
    priceFen: item.priceFen,
    stock,
    stockShards: item.stockShards,
    category: item.category ?? null,
    status: item.status,
    createdAt: item.createdAt,
    updatedAt: item.updatedAt,
  };
}

export interface AttributeUpdate {
  set: Record<string, unknown>;
  remove: string[];
}

/**
 * What a PATCH changes on the product item (stock is not on the item: see stock shards). Status moves
 * the product in or out of the sparse index of ACTIVE products; a null description/category clears it.
 */
export function productPatchUpdate(item: Pick<ProductItem, 'sellerId' | 'productId'>, patch: ProductPatch, now: Date): AttributeUpdate {
  const set: Record<string, unknown> = { updatedAt: now.toISOString() };
  const remove: string[] = [];
  if (patch.title !== undefined) set.title = patch.title;
  if (patch.priceFen !== undefined) set.priceFen = patch.priceFen;
  for (const field of ['description', 'category'] as const) {
    const value = patch[field];
    if (value === null) remove.push(field);
    else if (value !== undefined) set[field] = value;
  }
  if (patch.status === 'ACTIVE') Object.assign(set, { status: 'ACTIVE' }, activeProductIndexKeys(item.sellerId, item.productId));
  if (patch.status === 'HIDDEN') {
    set.status = 'HIDDEN';
    remove.push('gsi1pk', 'gsi1sk');
  }
  return { set, remove };
}

/** The seller's own list shows every status but ARCHIVED (deleted), unless asked for one status. */
export const sellerListStatuses = (status: ProductStatus | undefined): ProductStatus[] =>
  status ? [status] : ['ACTIVE', 'HIDDEN'];

export interface ProductShardMove {
  shard: number;
  move: ShardMove;
}

export type ProductShardPlan = { kind: 'moves'; moves: ProductShardMove[] } | { kind: 'below-set-aside'; setAside: number };

const PRODUCT_STATUSES: readonly ProductStatus[] = ['ACTIVE', 'HIDDEN', 'ARCHIVED'];
const isStatus = (value: unknown): value is ProductStatus => PRODUCT_STATUSES.some((status) => status === value);

/**
 * The shard writes that keep a product's shards in step with a change of its status, price or stock
 * (`set`: the attributes the product update sets). A new stock is the total of unsold units: the units
 * set aside for a live flash pin stay as they are and the rest is split evenly, so the total can not go
 * below them. A set-aside whose pin has ended is folded back into the product's units.
 */
export function planProductShardMoves(
  product: Pick<ProductItem, 'productId' | 'status' | 'priceFen'>,
  shards: readonly (ShardState | undefined)[],
  set: Readonly<Record<string, unknown>>,
  stockTotal: number | undefined,
  nowMs: number,
): ProductShardPlan {
  const status = isStatus(set.status) ? set.status : product.status;
  const priceFen = typeof set.priceFen === 'number' ? set.priceFen : product.priceFen;
  const rewrite = (shard: number, seen: ShardState | undefined, available: number): ShardMove => ({
    kind: 'rewrite',
    productId: product.productId,
    shard,
    seen,
    available,
    keepSetAside: seen !== undefined && holdsLiveSetAside(seen, nowMs),
    status,
    priceFen,
  });
  if (stockTotal === undefined) {
    return {
      kind: 'moves',
      moves: shards.map((seen, shard) => ({ shard, move: seen ? { kind: 'describe', status, priceFen } : rewrite(shard, undefined, 0) })),
    };
  }
  const setAside = shards.reduce((sum, seen) => sum + (seen && holdsLiveSetAside(seen, nowMs) ? seen.flashLeft : 0), 0);
  if (stockTotal < setAside) return { kind: 'below-set-aside', setAside };
  const regular = splitStock(stockTotal - setAside, shards.length);
  return { kind: 'moves', moves: shards.map((seen, shard) => ({ shard, move: rewrite(shard, seen, regular[shard] ?? 0) })) };
}
