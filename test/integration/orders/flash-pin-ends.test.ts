import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { LOCAL_CLOCK_HEADER } from '../../../lambdas/core/http/local-clock';
import { buyerLimitKey } from '../../../lambdas/orders/model';
import { api, tokenFor, uniqueId } from '../../support/local-api';
import { address, documents, flashStock, getItem, ordersTable, productStock, regularStock, seedPin, seedProduct, seedSeller } from './fixtures';

/** `at`: handle the order as if at that past instant (the local runtime's seed clock). */
const place = (token: string, sellerId: string, productId: string, quantity: number, at?: string) =>
  api('POST', '/v1/orders', {
    token,
    headers: { 'idempotency-key': uniqueId('key'), ...(at ? { [LOCAL_CLOCK_HEADER]: at } : {}) },
    body: { sellerId, items: [{ productId, quantity }], shippingAddress: address },
  });
const cancel = (token: string, orderId: string) => api('POST', `/v1/orders/${orderId}/cancel`, { token });
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

describe('a flash pin that ends by running out of time, with no call from anyone', () => {
  it('its unsold units count as the product’s stock throughout and sell at the regular price once it ends', async () => {
    const sellerId = uniqueId('seller');
    await seedSeller(sellerId);
    const product = await seedProduct(sellerId, { stock: 10, shards: 2, priceFen: 1280 });
    // A pin that ran from 10 to 5 minutes ago: orders during its window are placed "as if" then, and
    // every request after it is simply now. Nothing ended the pin but the clock.
    const start = Date.now() - 10 * 60_000;
    const during = new Date(start + 60_000).toISOString();
    const pin = await seedPin(product, { flashPriceFen: 990, flashStock: 8, startsAt: new Date(start).toISOString(), endsAt: new Date(start + 5 * 60_000).toISOString() });
    const buyer = await tokenFor(uniqueId('buyer'), 'buyers');

    const flash = await place(buyer, sellerId, product.productId, 2, during);
    expect(flash.status, flash.text).toBe(201);
    expect(flash.body.items[0].unitPriceFen).toBe(990);
    // Set aside, not minted: the product's stock counts every unsold unit; 2 sold at the regular price then.
    expect(sum(await productStock(product))).toBe(8);
    expect(sum(await regularStock(product, Date.parse(during)))).toBe(2);
    const tooMany = await place(buyer, sellerId, product.productId, 7, during);
    expect(tooMany.status).toBe(409);
    expect(tooMany.body.error).toMatchObject({ code: 'OUT_OF_STOCK', details: [{ productId: product.productId, requested: 7, available: 6 }] });

    // Now, after the pin: all 8 unsold units sell at the regular price.
    expect(sum(await regularStock(product))).toBe(8);
    const regular = await place(buyer, sellerId, product.productId, 7);
    expect(regular.status, regular.text).toBe(201);
    expect(regular.body.items[0].unitPriceFen).toBe(1280);
    expect(sum(await productStock(product))).toBe(1);

    // The flash order is cancelled after its pin ended: its units return to the product, at the regular price.
    expect((await cancel(buyer, flash.body.orderId)).status).toBe(200);
    expect(sum(await productStock(product))).toBe(3);
    expect(sum(await flashStock(pin))).toBe(0);
    const rest = await place(buyer, sellerId, product.productId, 3);
    expect(rest.status, rest.text).toBe(201);
    expect(rest.body.items[0].unitPriceFen).toBe(1280);
    expect(sum(await productStock(product))).toBe(0);
  });
});

describe('cancelling a flash order whose per-buyer counter is gone (DynamoDB TTL deletes it after the pin)', () => {
  it('cancels (200), restores the units, and does not recreate the counter', async () => {
    const sellerId = uniqueId('seller');
    await seedSeller(sellerId);
    const product = await seedProduct(sellerId, { stock: 10, shards: 2 });
    const pin = await seedPin(product, { flashPriceFen: 990, flashStock: 4, perBuyerLimit: 2 });
    const buyerId = uniqueId('buyer');
    const buyer = await tokenFor(buyerId, 'buyers');
    const placed = await place(buyer, sellerId, product.productId, 2);
    expect(placed.status, placed.text).toBe(201);
    expect(await getItem(`PINBUYER#${pin.pinId}#${buyerId}`, 'LIMIT')).toMatchObject({ units: 2 });

    // What DynamoDB's TTL sweep does once the pin has ended (DynamoDB Local never sweeps).
    await documents.send(new DeleteCommand({ TableName: ordersTable, Key: buyerLimitKey(pin.pinId, buyerId) }));
    const cancelled = await cancel(buyer, placed.body.orderId);
    expect(cancelled.status, cancelled.text).toBe(200);
    expect(cancelled.body.status).toBe('CANCELLED');
    expect(await getItem(`PINBUYER#${pin.pinId}#${buyerId}`, 'LIMIT')).toBeUndefined();
    expect(sum(await flashStock(pin))).toBe(4);
    expect(sum(await productStock(product))).toBe(10);
  });

  it('a counter recreated by a later order is not released by the earlier order’s cancel', async () => {
    const sellerId = uniqueId('seller');
    await seedSeller(sellerId);
    const product = await seedProduct(sellerId, { stock: 10, shards: 1 });
    const pin = await seedPin(product, { flashPriceFen: 990, flashStock: 6, perBuyerLimit: 3 });
    const buyerId = uniqueId('buyer');
    const buyer = await tokenFor(buyerId, 'buyers');
    const first = await place(buyer, sellerId, product.productId, 2);
    await documents.send(new DeleteCommand({ TableName: ordersTable, Key: buyerLimitKey(pin.pinId, buyerId) }));
    expect((await place(buyer, sellerId, product.productId, 1)).status).toBe(201);
    expect((await cancel(buyer, first.body.orderId)).status).toBe(200);
    expect(await getItem(`PINBUYER#${pin.pinId}#${buyerId}`, 'LIMIT')).toMatchObject({ units: 1 });
  });
});
