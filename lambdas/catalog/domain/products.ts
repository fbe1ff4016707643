import { activeProductIndexKeys, type ProductItem, type ProductStatus, type ProductUnit } from '../model';

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
