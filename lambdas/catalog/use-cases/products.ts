import { monotonicFactory } from 'ulid';
import { conflict, notFound } from '../../core/errors';
import { newProductItem, productPatchUpdate, productView, type NewProductInput, type ProductPatch } from '../domain/products';
import type { ProductItem } from '../model';
import type { Page } from '../store/paging';
import type { Products } from './ports';

export interface ProductDeps {
  products: Products;
}

const newProductId = monotonicFactory();

export async function createSellerProduct({ products }: ProductDeps, sellerId: string, input: NewProductInput, now = new Date()) {
  const item = newProductItem(sellerId, newProductId(now.getTime()), input, now);
  if ((await products.createProduct(item, input.stock)) === 'profile-missing') {
    throw conflict('Create your seller profile before listing products', 'PROFILE_REQUIRED');
  }
  return productView(item, input.stock);
}

/** Own products only: another seller's id is simply not found under this seller's key. */
export async function sellerProduct({ products }: ProductDeps, sellerId: string, productId: string) {
  const product = await products.getProduct(sellerId, productId);
  if (!product) throw notFound('Product');
  return productView(product, (await products.readStock([product], true)).get(productId) ?? 0);
}

export async function patchSellerProduct({ products }: ProductDeps, sellerId: string, productId: string, patch: ProductPatch, now = new Date()) {
  const outcome = await products.updateProduct(sellerId, productId, productPatchUpdate({ sellerId, productId }, patch, now), patch.stock);
  if (outcome.kind === 'not-found') throw notFound('Product');
  if (outcome.kind === 'conflict') throw conflict('Stock is changing under active orders; retry');
  if (outcome.kind === 'below-set-aside') {
    throw conflict(`${outcome.setAside} units are set aside for the live flash pin: stock cannot go below that until the pin ends or is removed`, 'CONFLICT', [
      { path: 'body.stock', message: `Must be at least ${outcome.setAside}` },
    ]);
  }
  return productView(outcome.product, (await products.readStock([outcome.product], true)).get(productId) ?? 0);
}

export async function archiveSellerProduct({ products }: ProductDeps, sellerId: string, productId: string, now = new Date()): Promise<void> {
  const outcome = await products.archiveProduct(sellerId, productId, now);
  if (outcome === 'not-found') throw notFound('Product');
  if (outcome === 'conflict') throw conflict('Stock is changing under active orders; retry');
}

/** The seller's own list: every status but ARCHIVED (or the one asked for), stock read consistently. */
export async function listOwnProducts({ products }: ProductDeps, sellerId: string, options: Parameters<Products['listSellerProducts']>[1]) {
  return withStock(products, await products.listSellerProducts(sellerId, options), true);
}

/** What buyers see: ACTIVE products, without their internal shard count. */
export async function listPublicProducts({ products }: ProductDeps, sellerId: string, options: Parameters<Products['listActiveProducts']>[1]) {
  const page = await withStock(products, await products.listActiveProducts(sellerId, options));
  return { items: page.items.map(({ stockShards: _internal, ...product }) => product), nextCursor: page.nextCursor };
}

async function withStock(products: Pick<Products, 'readStock'>, page: Page<ProductItem>, consistent = false) {
  const stock = await products.readStock(page.items, consistent);
  return { items: page.items.map((item) => productView(item, stock.get(item.productId) ?? 0)), nextCursor: page.nextCursor };
}
