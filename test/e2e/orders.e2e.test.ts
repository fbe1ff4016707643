import { describe, expect, it } from 'vitest';
import { LOCAL_CLOCK_HEADER } from '../../lambdas/core/http/local-clock';
import { orderIdFor } from '../../lambdas/orders/domain/idempotency';
import { address, eventually, flashStock, getItem, payDirectly, productStock, seedPin, seedProduct, seedSeller } from '../integration/orders/fixtures';
import { api, tokenFor, uniqueId } from '../support/local-api';

async function setup(options: { stock?: number; shards?: number } = {}) {
  const sellerId = uniqueId('seller');
  await seedSeller(sellerId);
  const product = await seedProduct(sellerId, { stock: options.stock ?? 10, shards: options.shards ?? 2 });
  const buyerId = uniqueId('buyer');
  return { sellerId, product, buyerId, buyer: await tokenFor(buyerId, 'buyers'), seller: await tokenFor(sellerId, 'sellers') };
}

const placeBody = (sellerId: string, productId: string, quantity = 1) => ({ sellerId, items: [{ productId, quantity }], shippingAddress: address });
const place = (token: string, body: unknown, key = uniqueId('key')) => api('POST', '/v1/orders', { token, body, headers: { 'idempotency-key': key } });
const statusOf = async (token: string, orderId: string) => (await api('GET', `/v1/orders/${orderId}`, { token })).body.status as string;
const waitForStatus = (token: string, orderId: string, status: string) =>
  eventually(async () => ((await statusOf(token, orderId)) === status ? true : undefined), `order ${orderId} to be ${status}`);

describe('orders through the local gateway', () => {
  it('the local runtime honours the seed clock header; once paid, the order lands on the Shanghai day of paidAt', async () => {
    const { sellerId, product, buyer } = await setup({ stock: 5, shards: 1 });
    // Days the report tests do not read (they own 2026-11-27 and 2026-11-28).
    const at = '2026-10-27T15:59:59.000Z';
    const placed = await api('POST', '/v1/orders', {
      token: buyer,
      body: placeBody(sellerId, product.productId),
      headers: { 'idempotency-key': uniqueId('key'), [LOCAL_CLOCK_HEADER]: at },
    });
    expect(placed.status).toBe(201);
    expect(placed.body.createdAt).toBe(at);
    expect(placed.body.payBy).toBe('2026-10-27T16:14:59.000Z');
    // Unpaid orders are not in the report day index; paid, they are, by the day of paidAt.
    expect((await getItem(`ORDER#${placed.body.orderId}`, 'ORDER'))?.gsi3pk).toBeUndefined();
    await payDirectly(placed.body.orderId, '2026-10-27T16:00:30.000Z');
    expect((await getItem(`ORDER#${placed.body.orderId}`, 'ORDER'))?.gsi3pk).toMatch(/^DAY#2026-10-28#/);
  });

  it('places (PENDING_PAYMENT, payBy in 15 minutes), fulfils via the outbox once paid, ships, confirms delivery; history records every step', async () => {
    const { sellerId, product, buyerId, buyer, seller } = await setup({ stock: 5, shards: 1 });
    const placed = await place(buyer, placeBody(sellerId, product.productId, 2));
    expect(placed.status).toBe(201);
    expect(placed.body).toMatchObject({ buyerId, sellerId, status: 'PENDING_PAYMENT', totalFen: 2560, sellerCountyCode: '371721' });
    expect(Date.parse(placed.body.payBy) - Date.parse(placed.body.createdAt)).toBe(15 * 60_000);
    expect(placed.body.items).toEqual([{ productId: product.productId, title: product.title, unitPriceFen: 1280, quantity: 2, lineTotalFen: 2560 }]);
    expect(await productStock(product)).toEqual([3]);

    const orderId = placed.body.orderId as string;
    // Payment itself runs through the Alipay stand-in (payments e2e); here the order is marked paid.
    await payDirectly(orderId);
    await waitForStatus(buyer, orderId, 'FULFILMENT_REQUESTED');
    expect(await getItem(`ORDER#${orderId}`, 'SHIPMENT')).toMatchObject({ orderId, sellerId, status: 'OPEN', items: [{ productId: product.productId, title: product.title, quantity: 2 }] });

    const shipped = await api('POST', `/v1/seller/orders/${orderId}/ship`, { token: seller, body: { carrier: '顺丰', trackingNumber: 'SF1' } });
    expect(shipped.status).toBe(200);
    expect(shipped.body.status).toBe('SHIPPED');
    expect(shipped.body.history.map((entry: { status: string }) => entry.status)).toEqual(['PENDING_PAYMENT', 'PAID', 'FULFILMENT_REQUESTED', 'SHIPPED']);
    expect((await getItem(`ORDER#${orderId}`, 'SHIPMENT'))?.status).toBe('SHIPPED');

    const cancel = await api('POST', `/v1/orders/${orderId}/cancel`, { token: buyer });
    expect(cancel.status).toBe(409);
    expect(cancel.body.error.code).toBe('CONFLICT');

    expect((await api('POST', `/v1/orders/${orderId}/confirm-delivery`, { token: seller })).status).toBe(403);
    const delivered = await api('POST', `/v1/orders/${orderId}/confirm-delivery`, { token: buyer });
    expect(delivered.status).toBe(200);
    expect(delivered.body.status).toBe('DELIVERED');
    expect((await api('POST', `/v1/orders/${orderId}/confirm-delivery`, { token: buyer })).status).toBe(200);
  });

  it('POST /_local/schedules/order-expiry expires unpaid orders past payBy as if at `at`, returning their stock', async () => {
    const { sellerId, product, buyer } = await setup({ stock: 5, shards: 1 });
    // Placed in a past only this test uses, so the sweep (which reads every due order) finds only it.
    const at = '2026-09-03T04:00:00.000Z';
    const placed = await api('POST', '/v1/orders', { token: buyer, body: placeBody(sellerId, product.productId, 2), headers: { 'idempotency-key': uniqueId('key'), [LOCAL_CLOCK_HEADER]: at } });
    expect(placed.body).toMatchObject({ status: 'PENDING_PAYMENT', payBy: '2026-09-03T04:15:00.000Z' });
    expect(await productStock(product)).toEqual([3]);
    const early = await api('POST', '/_local/schedules/order-expiry', { body: { at: '2026-09-03T04:14:59.000Z' } });
    expect(early.status).toBe(202);
    expect(await statusOf(buyer, placed.body.orderId)).toBe('PENDING_PAYMENT');
    const due = await api('POST', '/_local/schedules/order-expiry', { body: { at: '2026-09-03T04:16:00.000Z' } });
    expect(due.status).toBe(202);
    expect(due.body.result.expired).toBeGreaterThanOrEqual(1);
    const expired = await api('GET', `/v1/orders/${placed.body.orderId}`, { token: buyer });
    expect(expired.body).toMatchObject({ status: 'EXPIRED', history: [{ status: 'PENDING_PAYMENT', at }, { status: 'EXPIRED', at: '2026-09-03T04:16:00.000Z' }] });
    expect(await productStock(product)).toEqual([5]);
    expect((await api('POST', `/v1/orders/${placed.body.orderId}/payment`, { token: buyer })).status).toBe(409);
  });

  it('cancel restores the stock exactly once', async () => {
    const { sellerId, product, buyer } = await setup({ stock: 4, shards: 2 });
    const placed = await place(buyer, placeBody(sellerId, product.productId, 3));
    expect(placed.status).toBe(201);
    expect((await productStock(product)).reduce((a, b) => a + b)).toBe(1);
    const cancels = await Promise.all([1, 2, 3].map(() => api('POST', `/v1/orders/${placed.body.orderId}/cancel`, { token: buyer })));
    expect(cancels.map((r) => r.status).sort()).toEqual([200, 409, 409]);
    const cancelled = cancels.find((r) => r.status === 200)!.body;
    expect(cancelled.status).toBe('CANCELLED');
    expect(cancelled.history.map((entry: { status: string }) => entry.status)).toEqual(['PENDING_PAYMENT', 'CANCELLED']);
    expect(cancelled.refund).toBeUndefined();
    expect(cancelled.history.at(-1).status).toBe('CANCELLED');
    expect((await productStock(product)).reduce((a, b) => a + b)).toBe(4);
  });

  it('an order is visible to its buyer and seller only; others get 404', async () => {
    const { sellerId, product, buyer, seller } = await setup();
    const orderId = (await place(buyer, placeBody(sellerId, product.productId))).body.orderId;
    expect((await api('GET', `/v1/orders/${orderId}`, { token: buyer })).status).toBe(200);
    expect((await api('GET', `/v1/orders/${orderId}`, { token: seller })).status).toBe(200);
    const stranger = await tokenFor(uniqueId('buyer'), 'buyers');
    expect((await api('GET', `/v1/orders/${orderId}`, { token: stranger })).status).toBe(404);
    expect((await api('POST', `/v1/orders/${orderId}/cancel`, { token: stranger })).status).toBe(404);
    const otherSeller = await tokenFor(uniqueId('seller'), 'sellers');
    expect((await api('POST', `/v1/seller/orders/${orderId}/ship`, { token: otherSeller, body: { carrier: 'x', trackingNumber: 'y' } })).status).toBe(404);
    expect((await api('GET', '/v1/orders/NOSUCHORDER', { token: buyer })).status).toBe(404);
  });

  it('lists newest first for buyer and seller, with scoped cursors', async () => {
    const { sellerId, product, buyer, seller } = await setup({ stock: 20 });
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await place(buyer, placeBody(sellerId, product.productId))).body.orderId);
    const newestFirst = [...ids].reverse();

    const first = await api('GET', '/v1/orders?limit=2', { token: buyer });
    expect(first.body.items.map((o: { orderId: string }) => o.orderId)).toEqual(newestFirst.slice(0, 2));
    const second = await api('GET', `/v1/orders?limit=10&cursor=${first.body.nextCursor}`, { token: buyer });
    expect(second.body.items.map((o: { orderId: string }) => o.orderId)).toEqual(newestFirst.slice(2));
    expect(second.body.nextCursor).toBeNull();

    const sellerPages: string[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await api('GET', `/v1/seller/orders?limit=2${cursor ? `&cursor=${cursor}` : ''}`, { token: seller });
      expect(page.status).toBe(200);
      sellerPages.push(...page.body.items.map((o: { orderId: string }) => o.orderId));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(sellerPages).toEqual(newestFirst);

    await api('POST', `/v1/orders/${ids[0]}/cancel`, { token: buyer });
    const cancelledOnly = await api('GET', '/v1/seller/orders?status=CANCELLED', { token: seller });
    expect(cancelledOnly.body.items.map((o: { orderId: string }) => o.orderId)).toEqual([ids[0]]);

    // Another buyer's cursor, or a cursor of another list, is refused.
    const stranger = await tokenFor(uniqueId('buyer'), 'buyers');
    expect((await api('GET', `/v1/orders?cursor=${first.body.nextCursor}`, { token: stranger })).status).toBe(400);
    const sellerCursor = (await api('GET', '/v1/seller/orders?limit=1', { token: seller })).body.nextCursor;
    expect((await api('GET', `/v1/seller/orders?status=PENDING_PAYMENT&cursor=${sellerCursor}`, { token: seller })).status).toBe(400);
    expect((await api('GET', '/v1/seller/orders?cursor=bm9wZQ', { token: seller })).status).toBe(400);
  });

  it('an unknown product, another seller’s product or a hidden one is 404', async () => {
    const { sellerId, product, buyer } = await setup();
    const other = await setup();
    const hidden = await seedProduct(sellerId, { stock: 5, status: 'HIDDEN' });
    expect((await place(buyer, placeBody(sellerId, 'NOPE'))).status).toBe(404);
    expect((await place(buyer, placeBody(sellerId, other.product.productId))).status).toBe(404);
    expect((await place(buyer, placeBody(sellerId, hidden.productId))).status).toBe(404);
    expect((await place(buyer, placeBody(uniqueId('nobody'), product.productId))).status).toBe(404);
  });

  it('a flash pin sells the units it set aside from the product, enforces the per-buyer limit, then falls back to the catalog price', async () => {
    const { sellerId, product, buyerId, buyer } = await setup({ stock: 10, shards: 2 });
    const pin = await seedPin(product, { flashPriceFen: 990, flashStock: 3, perBuyerLimit: 2 });
    expect((await productStock(product)).reduce((a, b) => a + b)).toBe(10); // set aside, not added
    const first = await place(buyer, placeBody(sellerId, product.productId, 2));
    expect(first.status).toBe(201);
    expect(first.body.items[0].unitPriceFen).toBe(990);
    expect((await flashStock(pin)).reduce((a, b) => a + b)).toBe(1);

    const overLimit = await place(buyer, placeBody(sellerId, product.productId, 1));
    expect(overLimit.status).toBe(409);
    expect(overLimit.body.error.code).toBe('CONFLICT');

    const other = await tokenFor(uniqueId('buyer'), 'buyers');
    const rest = await place(other, placeBody(sellerId, product.productId, 2));
    expect(rest.status).toBe(201);
    expect(rest.body.items[0].unitPriceFen).toBe(1280); // one flash unit left cannot cover two: regular price
    expect((await productStock(product)).reduce((a, b) => a + b)).toBe(6);

    // Cancelling gives the buyer's allowance back with the units, to the pin while it lasts.
    expect((await api('POST', `/v1/orders/${first.body.orderId}/cancel`, { token: buyer })).status).toBe(200);
    expect((await flashStock(pin)).reduce((a, b) => a + b)).toBe(3);
    expect(await getItem(`PINBUYER#${pin.pinId}#${buyerId}`, 'LIMIT')).toMatchObject({ units: 0 });
    expect((await place(buyer, placeBody(sellerId, product.productId, 2))).status).toBe(201);
  });

  it('the order id derives from the buyer and the Idempotency-Key', async () => {
    const { sellerId, product, buyerId, buyer } = await setup();
    const key = uniqueId('key');
    const placed = await place(buyer, placeBody(sellerId, product.productId), key);
    expect(placed.body.orderId).toBe(orderIdFor(buyerId, key));
  });

  it('writes the report day index the reports capability reads, once the order is paid (by the day of paidAt)', async () => {
    const { sellerId, product, buyerId, buyer } = await setup();
    const placed = await place(buyer, placeBody(sellerId, product.productId, 3));
    expect((await getItem(`ORDER#${placed.body.orderId}`, 'ORDER'))?.gsi3pk).toBeUndefined();
    const paidAt = new Date().toISOString();
    await payDirectly(placed.body.orderId, paidAt);
    const item = await getItem(`ORDER#${placed.body.orderId}`, 'ORDER');
    const shanghaiDay = new Date(Date.parse(paidAt) + 8 * 3600_000).toISOString().slice(0, 10);
    expect(item).toMatchObject({
      gsi3pk: expect.stringMatching(new RegExp(`^DAY#${shanghaiDay}#([0-9]|1[0-5])$`)),
      gsi3sk: `${paidAt}#${placed.body.orderId}`,
      paidAt,
      orderId: placed.body.orderId,
      buyerId,
      sellerId,
      sellerCountyCode: '371721',
      totalFen: 3840,
      unitCount: 3,
    });
  });
});
