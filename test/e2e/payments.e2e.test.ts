import { afterEach, describe, expect, it } from 'vitest';
import { LOCAL_CLOCK_HEADER } from '../../lambdas/core/http/local-clock';
import { loadOrCreateStandInKeys, tradeNotification } from '../../local/alipay-standin';
import { alipayStandInKeyFile, defaultDataDir } from '../../local/paths';
import { address, eventually, productStock, seedProduct, seedSeller } from '../integration/orders/fixtures';
import { api, baseUrl, tokenFor, uniqueId } from '../support/local-api';

/*
 * Payments end to end through the local runtime: the real alipay-sdk client in the functions, the
 * Alipay stand-in as the gateway, its control routes as the buyer. Orders that must not be expired by
 * another file's sweep are placed "now" (payBy in the future); orders meant to expire are placed 30
 * minutes ago and swept at an instant after their payBy.
 */

const MINUTE = 60_000;
const keys = loadOrCreateStandInKeys(alipayStandInKeyFile(defaultDataDir));
const iso = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString();

async function setup(stock = 10) {
  const sellerId = uniqueId('seller');
  await seedSeller(sellerId);
  const product = await seedProduct(sellerId, { stock, shards: 1 });
  const buyer = await tokenFor(uniqueId('buyer'), 'buyers');
  return { sellerId, product, buyer };
}

type Setup = Awaited<ReturnType<typeof setup>>;

async function placeOrder({ sellerId, product, buyer }: Setup, at?: string) {
  const placed = await api('POST', '/v1/orders', {
    token: buyer,
    body: { sellerId, items: [{ productId: product.productId, quantity: 2 }], shippingAddress: address },
    headers: { 'idempotency-key': uniqueId('key'), ...(at ? { [LOCAL_CLOCK_HEADER]: at } : {}) },
  });
  expect(placed.status).toBe(201);
  return placed.body as { orderId: string; totalFen: number; payBy: string; createdAt: string };
}

const openPayment = async (buyer: string, orderId: string) => {
  const payment = await api('POST', `/v1/orders/${orderId}/payment`, { token: buyer });
  expect(payment.status).toBe(201);
  return payment.body as { paymentId: string; payUrl: string; amountFen: number };
};
const orderOf = async (buyer: string, orderId: string) => (await api('GET', `/v1/orders/${orderId}`, { token: buyer })).body;
const waitFor = (buyer: string, orderId: string, accept: (order: any) => boolean, what: string) =>
  eventually(async () => {
    const order = await orderOf(buyer, orderId);
    return accept(order) ? order : undefined;
  }, `order ${orderId}: ${what}`);
const pay = (paymentId: string, notify: 'once' | 'twice' | 'never', at?: string) =>
  api('POST', `/_local/payments/${paymentId}/pay`, { body: { notify }, headers: at ? { [LOCAL_CLOCK_HEADER]: at } : {} });
const trade = async (paymentId: string) => (await api('GET', `/_local/payments/${paymentId}`)).body;
const clearFaults = async () => expect((await api('DELETE', '/_local/faults/alipay', { headers: { 'content-type': 'application/json' } })).status).toBe(204);
const expireAt = (at: string) => api('POST', '/_local/schedules/order-expiry', { body: { at } });
const postNotification = async (fields: Record<string, string>) => {
  const response = await fetch(`${baseUrl}/v1/payments/alipay/notify`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
    body: new URLSearchParams(fields).toString(),
  });
  return { status: response.status, contentType: response.headers.get('content-type'), text: await response.text() };
};

describe('payments through the local runtime and the Alipay stand-in', () => {
  afterEach(async () => {
    await clearFaults();
  });

  it('place → payment (201, then 200 the same) → /pay without opening payUrl → PAID at gmt_payment → FULFILMENT_REQUESTED', async () => {
    const context = await setup();
    const placedAt = Date.now() - 10 * MINUTE;
    const order = await placeOrder(context, iso(placedAt));
    const payment = await openPayment(context.buyer, order.orderId);
    expect(payment.amountFen).toBe(order.totalFen);
    const again = await api('POST', `/v1/orders/${order.orderId}/payment`, { token: context.buyer });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(payment);

    const paidAt = iso(placedAt + 2 * MINUTE);
    const paid = await pay(payment.paymentId, 'once', paidAt);
    expect(paid.status).toBe(202);
    expect(paid.body).toMatchObject({ status: 'TRADE_SUCCESS', paidFen: order.totalFen, acknowledged: true, deliveries: [{ status: 200, body: 'success' }] });
    const afterPay = await orderOf(context.buyer, order.orderId);
    expect(afterPay).toMatchObject({ paidAt });
    expect(['PAID', 'FULFILMENT_REQUESTED']).toContain(afterPay.status);
    await waitFor(context.buyer, order.orderId, (o) => o.status === 'FULFILMENT_REQUESTED', 'FULFILMENT_REQUESTED');
  });

  it('/pay for a payment id no order opened → 404; a notification delivered twice → one PAID', async () => {
    expect((await pay(`VLP${uniqueId('nope').replaceAll('-', '_')}`, 'once')).status).toBe(404);
    const context = await setup();
    const order = await placeOrder(context);
    const payment = await openPayment(context.buyer, order.orderId);
    const paid = await pay(payment.paymentId, 'twice');
    expect(paid.status).toBe(202);
    expect(paid.body.deliveries).toEqual([
      { status: 200, body: 'success' },
      { status: 200, body: 'success' },
    ]);
    const final = await orderOf(context.buyer, order.orderId);
    expect(final.history.filter((entry: { status: string }) => entry.status === 'PAID')).toHaveLength(1);
  });

  it('notification never delivered: the expiry sweep queries the trade, finds the money → PAID, not EXPIRED', async () => {
    const context = await setup();
    const placedAt = Date.now() - 30 * MINUTE;
    const order = await placeOrder(context, iso(placedAt));
    const payment = await openPayment(context.buyer, order.orderId);
    const paidAt = iso(placedAt + MINUTE);
    expect((await pay(payment.paymentId, 'never', paidAt)).status).toBe(202);
    expect((await orderOf(context.buyer, order.orderId)).status).toBe('PENDING_PAYMENT');
    expect((await expireAt(iso(Date.parse(order.payBy) + MINUTE))).status).toBe(202);
    const swept = await waitFor(context.buyer, order.orderId, (o) => o.status !== 'PENDING_PAYMENT', 'decided');
    expect(swept.history.map((entry: { status: string }) => entry.status)).not.toContain('EXPIRED');
    expect(swept.paidAt).toBe(paidAt);
  });

  it('unpaid past payBy → EXPIRED, stock back, trade closed; paying the stale page afterwards is refunded at once', async () => {
    const context = await setup(10);
    const order = await placeOrder(context, iso(Date.now() - 30 * MINUTE));
    const payment = await openPayment(context.buyer, order.orderId);
    expect((await fetch(payment.payUrl)).status).toBe(200); // the buyer opened the page, never paid
    expect(await productStock(context.product)).toEqual([8]);
    await expireAt(iso(Date.parse(order.payBy) + MINUTE));
    await waitFor(context.buyer, order.orderId, (o) => o.status === 'EXPIRED', 'EXPIRED');
    expect(await productStock(context.product)).toEqual([10]);
    expect(await trade(payment.paymentId)).toEqual({ status: 'TRADE_CLOSED', paidFen: 0, refundedFen: 0 });
    expect((await pay(payment.paymentId, 'once')).status).toBe(409);

    // Money for an EXPIRED order: a second order whose page was never opened before expiry (so no trade
    // to close), then paid from a stale page.
    const late = await placeOrder(context, iso(Date.now() - 30 * MINUTE));
    const latePayment = await openPayment(context.buyer, late.orderId);
    await expireAt(iso(Date.parse(late.payBy) + MINUTE));
    await waitFor(context.buyer, late.orderId, (o) => o.status === 'EXPIRED', 'EXPIRED');
    expect((await pay(latePayment.paymentId, 'once')).status).toBe(202);
    const refunded = await waitFor(context.buyer, late.orderId, (o) => o.refund?.status === 'SUCCEEDED', 'refund SUCCEEDED');
    expect(refunded).toMatchObject({ status: 'EXPIRED', refund: { amountFen: late.totalFen } });
    expect(await trade(latePayment.paymentId)).toMatchObject({ refundedFen: late.totalFen });
  });

  it('cancelling a paid order → CANCELLED with refund PENDING, then SUCCEEDED; the stand-in refunded the total', async () => {
    const context = await setup();
    const order = await placeOrder(context);
    const payment = await openPayment(context.buyer, order.orderId);
    await pay(payment.paymentId, 'once');
    const cancelled = await api('POST', `/v1/orders/${order.orderId}/cancel`, { token: context.buyer });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ status: 'CANCELLED', refund: { status: 'PENDING', amountFen: order.totalFen } });
    await waitFor(context.buyer, order.orderId, (o) => o.refund?.status === 'SUCCEEDED', 'refund SUCCEEDED');
    expect(await trade(payment.paymentId)).toMatchObject({ refundedFen: order.totalFen });
  });

  it('invalid signature, another app id, a wrong amount → 400 fail (text/plain), nothing changes', async () => {
    const context = await setup();
    const order = await placeOrder(context);
    const payment = await openPayment(context.buyer, order.orderId);
    const standInTrade = (totalFen: number) => ({
      outTradeNo: payment.paymentId,
      tradeNo: '2026113022001000000000000001',
      totalFen,
      subject: 'x',
      productCode: 'QUICK_WAP_WAY',
      notifyUrl: undefined,
      gmtCreate: '2026-11-30 10:00:00',
      status: 'TRADE_SUCCESS' as const,
      gmtPayment: '2026-11-30 10:00:01',
      refundedFen: 0,
      refunds: new Map<string, number>(),
    });
    const genuine = tradeNotification(standInTrade(order.totalFen), keys.appId, Date.now(), keys.alipayPrivateKey);
    const forged = [
      { ...genuine, total_amount: '0.01' },
      tradeNotification(standInTrade(order.totalFen), '2021000000000000', Date.now(), keys.alipayPrivateKey),
      tradeNotification(standInTrade(order.totalFen - 1), keys.appId, Date.now(), keys.alipayPrivateKey),
    ];
    for (const fields of forged) {
      const answer = await postNotification(fields);
      expect(answer).toMatchObject({ status: 400, text: 'fail' });
      expect(answer.contentType).toMatch(/^text\/plain/);
    }
    const unchanged = await orderOf(context.buyer, order.orderId);
    expect(unchanged.status).toBe('PENDING_PAYMENT');
    expect(unchanged.paidAt).toBeUndefined();
  });

  it('the stand-in down: expiry leaves the order, payment and cancel answer no 5xx; a refund is retried until the fault clears', async () => {
    const context = await setup();
    const due = await placeOrder(context, iso(Date.now() - 30 * MINUTE));
    const duePayment = await openPayment(context.buyer, due.orderId);
    const paidOrder = await placeOrder(context);
    const paidPayment = await openPayment(context.buyer, paidOrder.orderId);
    await pay(paidPayment.paymentId, 'once');

    expect((await api('PUT', '/_local/faults/alipay', { body: { kind: 'unavailable' } })).status).toBe(200);
    await expireAt(iso(Date.parse(due.payBy) + MINUTE));
    expect((await orderOf(context.buyer, due.orderId)).status).toBe('PENDING_PAYMENT');
    // Creating a payment builds the pay URL locally (no gateway call): unaffected.
    const another = await placeOrder(context);
    expect((await api('POST', `/v1/orders/${another.orderId}/payment`, { token: context.buyer })).status).toBe(201);
    const cancelUnpaid = await api('POST', `/v1/orders/${due.orderId}/cancel`, { token: context.buyer });
    expect(cancelUnpaid.status).toBe(200);
    expect(cancelUnpaid.body.status).toBe('CANCELLED');
    const cancelPaid = await api('POST', `/v1/orders/${paidOrder.orderId}/cancel`, { token: context.buyer });
    expect(cancelPaid.status).toBe(200);
    expect(cancelPaid.body.refund).toMatchObject({ status: 'PENDING' });
    // The refund worker fails against the 503 and the message comes back (a few receives, under maxReceiveCount).
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect((await orderOf(context.buyer, paidOrder.orderId)).refund.status).toBe('PENDING');
    expect(await trade(paidPayment.paymentId)).toMatchObject({ refundedFen: 0 });

    await clearFaults();
    await waitFor(context.buyer, paidOrder.orderId, (o) => o.refund?.status === 'SUCCEEDED', 'refund SUCCEEDED after the fault');
    expect(await trade(paidPayment.paymentId)).toMatchObject({ refundedFen: paidOrder.totalFen });
    expect(duePayment.paymentId).toBeDefined();
  });
});
