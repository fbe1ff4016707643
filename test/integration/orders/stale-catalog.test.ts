import { describe, expect, it } from 'vitest';
import { httpEvent, invoke } from '../../support/lambda-http';
import { uniqueId } from '../../support/local-api';
import { address, catalogTable, localEnv, ordersTable, productStock, seedPin, seedProduct, seedSeller } from './fixtures';

// Handlers built here, in-process, over the runtime's DynamoDB Local, with a catalog cache that outlives
// the whole test (a minute instead of a second): whatever the cache says, the write must not sell at terms
// the catalog no longer offers.
Object.assign(process.env, localEnv, { POWERTOOLS_LOG_LEVEL: 'SILENT' });
const { createHandler } = await import('../../../lambdas/orders/handlers/place-order');
const { createCatalogReader } = await import('../../../lambdas/orders/store/catalog-reader');
const { createOrderStore } = await import('../../../lambdas/orders/store/order-store');
const { systemRuntime } = await import('../../../lambdas/orders/use-cases/ports');
const { placeOrderRoute } = await import('../../../lambdas/orders/routes');
const { patchSellerProduct } = await import('../../../lambdas/catalog/use-cases/products');
const products = await import('../../../lambdas/catalog/store/products');
const { archiveProduct } = products;

const handler = createHandler({
  catalog: createCatalogReader(catalogTable, 60_000),
  orders: createOrderStore({ orders: ordersTable, catalog: catalogTable }),
  runtime: systemRuntime,
});
const order = (sellerId: string, productId: string, quantity = 1) =>
  invoke(
    handler,
    httpEvent(placeOrderRoute, {
      sub: uniqueId('buyer'),
      groups: ['buyers'],
      headers: { 'idempotency-key': uniqueId('key') },
      body: { sellerId, items: [{ productId, quantity }], shippingAddress: address },
    }),
  );
const total = async (product: Parameters<typeof productStock>[0]) => (await productStock(product)).reduce((a, b) => a + b, 0);

async function cachedProduct(options: { shards?: number } = {}) {
  const sellerId = uniqueId('seller');
  await seedSeller(sellerId);
  const product = await seedProduct(sellerId, { stock: 20, shards: options.shards ?? 2, priceFen: 1280 });
  const first = await order(sellerId, product.productId);
  expect(first.status, first.raw).toBe(201); // the instance now caches the product (and the pin) for a minute
  return { sellerId, product };
}

describe('the order write re-checks what a cached catalog read said', () => {
  it('a product repriced after the cache filled: 409 with the new price, never a sale at the old one; then the new price', async () => {
    const { sellerId, product } = await cachedProduct();
    await patchSellerProduct({ products }, sellerId, product.productId, { priceFen: 1500 });
    const refused = await order(sellerId, product.productId);
    expect(refused.status, refused.raw).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'CONFLICT', details: [{ productId: product.productId, priceFen: 1500 }] });
    expect(await total(product)).toBe(19);
    const next = await order(sellerId, product.productId);
    expect(next.status).toBe(201);
    expect(next.body.items[0].unitPriceFen).toBe(1500);
  });

  it('a product hidden or archived after the cache filled: 404, nothing sold', async () => {
    const hidden = await cachedProduct();
    await patchSellerProduct({ products }, hidden.sellerId, hidden.product.productId, { status: 'HIDDEN' });
    expect((await order(hidden.sellerId, hidden.product.productId)).status).toBe(404);
    expect(await total(hidden.product)).toBe(19);

    const archived = await cachedProduct({ shards: 4 });
    expect(await archiveProduct(archived.sellerId, archived.product.productId, new Date())).toBe('archived');
    expect((await order(archived.sellerId, archived.product.productId)).status).toBe(404);
    expect(await total(archived.product)).toBe(19);
  });

  it('a flash pin replaced or removed after the cache filled: never sold at the old flash price', async () => {
    const sellerId = uniqueId('seller');
    await seedSeller(sellerId);
    const product = await seedProduct(sellerId, { stock: 20, shards: 2, priceFen: 1280 });
    await seedPin(product, { flashPriceFen: 990, flashStock: 5 });
    expect((await order(sellerId, product.productId)).body.items[0].unitPriceFen).toBe(990); // the 990 pin is cached now

    await seedPin(product, { flashPriceFen: 900, flashStock: 5 });
    const replaced = await order(sellerId, product.productId);
    expect(replaced.status, replaced.raw).toBe(201);
    expect(replaced.body.items[0].unitPriceFen).toBe(900);

    await unpin(sellerId);
    const removed = await order(sellerId, product.productId);
    expect(removed.status, removed.raw).toBe(201);
    expect(removed.body.items[0].unitPriceFen).toBe(1280);
    expect(await total(product)).toBe(17);
  });
});

/** DELETE /v1/seller/pins/current, through the catalog's store (without the IVS metadata). */
async function unpin(sellerId: string) {
  const { changePin, getCurrentPin } = await import('../../../lambdas/catalog/store/pins');
  const { pinChangeMoves } = await import('../../../lambdas/catalog/domain/pins');
  const current = await getCurrentPin(sellerId);
  expect(await changePin({ sellerId, current, next: undefined, shardWrites: pinChangeMoves(current, undefined, undefined) })).toBe('saved');
}
