import { monotonicFactory } from 'ulid';
import { conflict, notFound } from '../../core/errors';
import { newProductItem, productPatchUpdate, productView, type NewProductInput, type ProductPatch } from '../domain/products';
import type { ProductItem } from '../model';
import type { Page } from '../store/paging';
import { createProduct, getProduct, readStock, updateProduct } from '../store/products';

const newProductId = monotonicFactory();

export async function createSellerProduct(sellerId: string, input: NewProductInput, now = new Date()) {
  const item = newProductItem(sellerId, newProductId(now.getTime()), input, now);
  if ((await createProduct(item, input.stock)) === 'profile-missing') {
    throw conflict('Create your seller profile before listing products', 'PROFILE_REQUIRED');
  }
  return productView(item, input.stock);
}

/** Own products only: another seller's id is simply not found under this seller's key. */
export async function sellerProduct(sellerId: string, productId: string) {
  const product = await getProduct(sellerId, productId);
  if (!product) throw notFound('Product');
  return productView(product, (await readStock([product], true)).get(productId) ?? 0);
}

export async function patchSellerProduct(sellerId: string, productId: string, patch: ProductPatch, now = new Date()) {
  const outcome = await updateProduct(sellerId, productId, productPatchUpdate({ sellerId, productId }, patch, now), patch.stock);
  if (outcome.kind === 'not-found') throw notFound('Product');
  if (outcome.kind === 'conflict') throw conflict('Stock is changing under active orders; retry');
  if (outcome.kind === 'below-set-aside') {
    throw conflict(`${outcome.setAside} units are set aside for the live flash pin: stock cannot go below that until the pin ends or is removed`, 'CONFLICT', [
      { path: 'body.stock', message: `Must be at least ${outcome.setAside}` },
    ]);
  }
  return productView(outcome.product, (await readStock([outcome.product], true)).get(productId) ?? 0);
}

export async function withStock(page: Page<ProductItem>, consistent = false) {
  const stock = await readStock(page.items, consistent);
  return { items: page.items.map((item) => productView(item, stock.get(item.productId) ?? 0)), nextCursor: page.nextCursor };
}
