import { beforeEach, describe, expect, it } from 'vitest';
import { payByFor, type Order } from '../../../lambdas/orders/domain/order';
import type { Runtime, StockReader } from '../../../lambdas/orders/use-cases/ports';
import { expireDueOrders, expireIfUnpaid } from '../../../lambdas/orders/use-cases/sweeps';
import { cancelByBuyer, requestFulfilmentOnce } from '../../../lambdas/orders/use-cases/transitions';
import { paymentIdFor, refundRequestIdFor } from '../../../lambdas/payments/payment-ids';
import { createPayment } from '../../../lambdas/payments/use-cases/create-payment';
import { handleNotification } from '../../../lambdas/payments/use-cases/notification';
import { refundOnce } from '../../../lambdas/payments/use-cases/refund';
import { FakePaymentProvider } from '../../support/fake-payment-provider';
import { MemoryOrderStore } from '../../support/memory-order-store';

const CREATED = '2026-06-01T10:00:00.000Z';
const PAID_AT = '2026-06-01T10:03:00.000Z';
const AFTER_PAY_BY = '2026-06-01T10:16:00.000Z';

function pendingOrder(orderId = 'ORDER1'): Order {
  const line = { productId: 'p1', title: '芦笋', unitPriceFen: 1280, quantity: 2, lineTotalFen: 2560, pool: { kind: 'REGULAR' as const, id: 'p1', shards: 1 }, takes: [{ shard: 0, quantity: 2 }] };
  return {
    orderId,
    buyerId: 'li',
    sellerId: 'zhang',
    sellerCountyCode: '371721',
    status: 'PENDING_PAYMENT',
    items: [line],
    totalFen: 2560,
    unitCount: 2,
    shippingAddress: { name: '李四', phone: '13800138000', countyCode: '110101', detail: 'x' },
    createdAt: CREATED,
    updatedAt: CREATED,
    payBy: payByFor(CREATED, [line]),
    history: [{ status: 'PENDING_PAYMENT', at: CREATED }],
    version: 1,
    idempotencyKey: 'key-12345',
    requestHash: 'h',
  };
}

let store: MemoryOrderStore;
let payments: FakePaymentProvider;
let now: string;
const runtime: Runtime = { now: () => now, random: () => 0, sleep: async () => undefined };
const stock: StockReader = { readShards: async (_productId, shards) => Array.from({ length: shards }, () => undefined) };
const deps = () => ({ orders: store, runtime, payments, stock });
const statusOf = async (orderId = 'ORDER1') => (await store.get(orderId))!;

/** The order with its payment opened and, optionally, paid at the provider. */
async function openPayment(orderId = 'ORDER1') {
  store.put(pendingOrder(orderId));
  now = '2026-06-01T10:01:00.000Z';
  return createPayment(deps(), orderId, 'li');
}

beforeEach(() => {
  store = new MemoryOrderStore();
  payments = new FakePaymentProvider();
  now = CREATED;
});

describe('payment creation', () => {
  it('opens one trade per order: 201 first, then the same payment while it is open', async () => {
    const first = await openPayment();
    expect(first).toMatchObject({ created: true, payment: { paymentId: paymentIdFor('ORDER1'), provider: 'alipay', amountFen: 2560, expiresAt: '2026-06-01T10:15:00.000Z' } });
    const again = await createPayment(deps(), 'ORDER1', 'li');
    expect(again).toMatchObject({ created: false, payment: first.payment });
    expect(payments.count('createPayment')).toBe(1);
  });

  it("is a 404 for someone else's order and a 409 once the order is no longer PENDING_PAYMENT", async () => {
    await openPayment();
    await expect(createPayment(deps(), 'ORDER1', 'stranger')).rejects.toMatchObject({ statusCode: 404 });
    await cancelByBuyer(deps(), 'ORDER1', 'li');
    await expect(createPayment(deps(), 'ORDER1', 'li')).rejects.toMatchObject({ statusCode: 409, code: 'CONFLICT' });
  });

  it('concurrent calls name the same trade and record one payment', async () => {
    store.put(pendingOrder());
    const results = await Promise.all([createPayment(deps(), 'ORDER1', 'li'), createPayment(deps(), 'ORDER1', 'li')]);
    expect(new Set(results.map((result) => result.payment.paymentId)).size).toBe(1);
    expect(results.filter((result) => result.created)).toHaveLength(1);
  });

  it('provider down → 503 UNAVAILABLE after bounded retries, nothing recorded', async () => {
    store.put(pendingOrder());
    payments.down.add('createPayment');
    await expect(createPayment(deps(), 'ORDER1', 'li')).rejects.toMatchObject({ statusCode: 503 });
    expect(payments.count('createPayment')).toBe(3);
    expect((await statusOf()).payment).toBeUndefined();
  });
});

describe('notifications', () => {
  it('a verified TRADE_SUCCESS makes the order PAID at gmt_payment; the same notification again changes nothing', async () => {
    const { payment } = await openPayment();
    payments.pay(payment.paymentId, PAID_AT);
    now = '2026-06-01T10:03:05.000Z';
    expect(await handleNotification(deps(), payments.notification(payment.paymentId))).toMatchObject({ kind: 'paid' });
    const paid = await statusOf();
    expect(paid).toMatchObject({ status: 'PAID', paidAt: PAID_AT });
    expect(await handleNotification(deps(), payments.notification(payment.paymentId))).toMatchObject({ kind: 'unchanged' });
    expect(await statusOf()).toEqual(paid);
  });

  it.each([
    ['an invalid signature', { sign: 'bad' }, 'signature'],
    ['another app id', { app_id: 'other' }, 'appId'],
    ['an amount other than the order total', { total_amount_fen: '1' }, 'amount'],
    ['a trade that is not one of ours', { out_trade_no: 'SOMEONE-ELSES' }, 'unknownTrade'],
  ])('%s → rejected (400 fail) and nothing changes', async (_name, overrides, reason) => {
    const { payment } = await openPayment();
    payments.pay(payment.paymentId, PAID_AT);
    const before = await statusOf();
    expect(await handleNotification(deps(), payments.notification(payment.paymentId, overrides))).toEqual({ kind: 'rejected', reason });
    expect(await statusOf()).toEqual(before);
  });

  it('out of order: a refund notification (TRADE_CLOSED) before the success changes nothing, and the success never revives a cancelled order', async () => {
    const { payment } = await openPayment();
    payments.pay(payment.paymentId, PAID_AT);
    const success = payments.notification(payment.paymentId);
    // The success notification is delayed; the query at cancel time finds the money: PAID then CANCELLED, refunded.
    const cancelled = await cancelByBuyer(deps(), 'ORDER1', 'li');
    expect(cancelled).toMatchObject({ status: 'CANCELLED', paidAt: PAID_AT, refund: { status: 'PENDING', amountFen: 2560 } });
    expect(await refundOnce(deps(), 'ORDER1')).toBe('refunded');
    // Alipay: TRADE_SUCCESS with refund fields, then TRADE_CLOSED after the full refund; then the late original.
    expect(await handleNotification(deps(), payments.notification(payment.paymentId, { trade_status: 'TRADE_SUCCESS', refund_fee: '25.60' }))).toMatchObject({ kind: 'unchanged' });
    expect(await handleNotification(deps(), payments.notification(payment.paymentId, { trade_status: 'TRADE_CLOSED' }))).toMatchObject({ kind: 'unchanged' });
    expect(await handleNotification(deps(), success)).toMatchObject({ kind: 'unchanged' });
    expect(await statusOf()).toMatchObject({ status: 'CANCELLED', refund: { status: 'SUCCEEDED' } });
    expect(payments.refunds.size).toBe(1);
  });

  it('money for an EXPIRED order is refunded at once, once', async () => {
    const { payment } = await openPayment();
    expect(await expireIfUnpaid(deps(), 'ORDER1', AFTER_PAY_BY)).toBe('expired');
    // The trade was closed before expiry; a buyer who still paid (a provider race) is notified after.
    payments.trades.get(payment.paymentId)!.status = 'WAIT_BUYER_PAY';
    payments.pay(payment.paymentId, '2026-06-01T10:16:30.000Z');
    const notification = payments.notification(payment.paymentId);
    expect(await handleNotification(deps(), notification)).toMatchObject({ kind: 'refundRequested' });
    expect(await handleNotification(deps(), notification)).toMatchObject({ kind: 'unchanged' });
    expect(await statusOf()).toMatchObject({ status: 'EXPIRED', refund: { status: 'PENDING', amountFen: 2560, reason: 'LATE_PAYMENT' } });
    expect(await refundOnce(deps(), 'ORDER1')).toBe('refunded');
    expect(payments.refunds.get(refundRequestIdFor('ORDER1'))).toMatchObject({ amountFen: 2560, paymentId: payment.paymentId });
  });
});

describe('expiry', () => {
  it('a lost notification: the query finds the money and the order becomes PAID, never EXPIRED', async () => {
    const { payment } = await openPayment();
    payments.pay(payment.paymentId, PAID_AT);
    expect(await expireDueOrders(deps(), AFTER_PAY_BY)).toEqual({ paid: 1 });
    expect(await statusOf()).toMatchObject({ status: 'PAID', paidAt: PAID_AT });
    expect(payments.count('closeTrade')).toBe(0);
  });

  it('unpaid: the trade is closed first, then the order expires with its stock returned; not before payBy', async () => {
    await openPayment();
    expect(await expireDueOrders(deps(), '2026-06-01T10:14:59.000Z')).toEqual({});
    expect(await expireDueOrders(deps(), AFTER_PAY_BY)).toEqual({ expired: 1 });
    expect(await statusOf()).toMatchObject({ status: 'EXPIRED' });
    expect(store.committed.at(-1)).toMatchObject({ from: 'PENDING_PAYMENT', to: 'EXPIRED', effects: ['moveStock'] });
    expect(payments.trades.get(paymentIdFor('ORDER1'))!.status).toBe('TRADE_CLOSED');
  });

  it('provider down: bounded retries, the order is left for the next run (no error, no change)', async () => {
    await openPayment();
    payments.down.add('queryTrade');
    expect(await expireDueOrders(deps(), AFTER_PAY_BY)).toEqual({ deferred: 1 });
    expect(payments.count('queryTrade')).toBe(3);
    expect((await statusOf()).status).toBe('PENDING_PAYMENT');
    payments.down.clear();
    expect(await expireDueOrders(deps(), AFTER_PAY_BY)).toEqual({ expired: 1 });
  });

  it('racing a payment notification: the notification commits first → PAID wins, the expiry yields', async () => {
    const { payment } = await openPayment();
    // The buyer pays after the query said unpaid... but before close: the provider refuses to close a paid trade.
    store.beforeApply = undefined;
    payments.pay(payment.paymentId, PAID_AT);
    const notified = handleNotification(deps(), payments.notification(payment.paymentId));
    const [expiry] = await Promise.all([expireIfUnpaid(deps(), 'ORDER1', AFTER_PAY_BY), notified]);
    expect(['paid', 'skipped']).toContain(expiry);
    expect(await statusOf()).toMatchObject({ status: 'PAID', paidAt: PAID_AT });
    expect((await statusOf()).refund).toBeUndefined();
  });

  it('racing a payment notification: EXPIRED commits first → the money is refunded', async () => {
    const { payment } = await openPayment();
    // The notification reads the order while it is still PENDING_PAYMENT; the expiry commits in between.
    store.beforeApply = async () => {
      await expireIfUnpaid(deps(), 'ORDER1', AFTER_PAY_BY);
    };
    payments.trades.get(payment.paymentId)!.status = 'WAIT_BUYER_PAY';
    payments.pay(payment.paymentId, PAID_AT);
    // Notification arrives with the trade paid; the expiry inside sees a paid trade too, so force its view: unpaid.
    const paidTrade = payments.trades.get(payment.paymentId)!;
    const fields = payments.notification(payment.paymentId);
    paidTrade.status = 'WAIT_BUYER_PAY';
    const outcome = await handleNotification(deps(), fields);
    expect(outcome).toMatchObject({ kind: 'refundRequested' });
    expect(await statusOf()).toMatchObject({ status: 'EXPIRED', refund: { status: 'PENDING', amountFen: 2560 } });
    expect(store.committed.map((commit) => commit.to)).toEqual(['PENDING_PAYMENT', 'EXPIRED', 'EXPIRED']);
  });
});

describe('cancel and refunds', () => {
  it('cancelling a paid order racing the fulfilment worker: exactly one outcome, refunded if cancelled', async () => {
    for (const cancelFirst of [true, false]) {
      store = new MemoryOrderStore();
      const { payment } = await openPayment();
      payments.pay(payment.paymentId, PAID_AT);
      await handleNotification(deps(), payments.notification(payment.paymentId));
      // The worker reads PAID; the cancel (or not) commits before its write.
      if (cancelFirst) store.beforeApply = async () => void (await cancelByBuyer(deps(), 'ORDER1', 'li'));
      const result = await requestFulfilmentOnce(deps(), 'ORDER1');
      const order = await statusOf();
      if (cancelFirst) {
        expect(result).toBe('skipped');
        expect(order).toMatchObject({ status: 'CANCELLED', refund: { status: 'PENDING', amountFen: 2560 } });
      } else {
        expect(result).toBe('requested');
        const cancelled = await cancelByBuyer(deps(), 'ORDER1', 'li');
        expect(cancelled).toMatchObject({ status: 'CANCELLED', refund: { status: 'PENDING' } });
        expect(store.committed.at(-1)!.effects).toContain('closeShipmentRequest');
      }
    }
  });

  it('the refund worker retries while the provider is down and refunds once under one request number', async () => {
    const { payment } = await openPayment();
    payments.pay(payment.paymentId, PAID_AT);
    await handleNotification(deps(), payments.notification(payment.paymentId));
    await cancelByBuyer(deps(), 'ORDER1', 'li');
    payments.down.add('refund');
    await expect(refundOnce(deps(), 'ORDER1')).rejects.toThrow('down');
    expect((await statusOf()).refund?.status).toBe('PENDING');
    payments.down.clear();
    expect(await refundOnce(deps(), 'ORDER1')).toBe('refunded');
    expect(await refundOnce(deps(), 'ORDER1')).toBe('nothing-to-refund');
    expect(payments.refunds.size).toBe(1);
    expect(payments.trades.get(payment.paymentId)).toMatchObject({ refundedFen: 2560 });
    expect(await statusOf()).toMatchObject({ refund: { status: 'SUCCEEDED', amountFen: 2560 } });
  });

  it('cancel of an unpaid order closes its trade; with the provider down the cancel still succeeds', async () => {
    await openPayment();
    expect(await cancelByBuyer(deps(), 'ORDER1', 'li')).toMatchObject({ status: 'CANCELLED' });
    expect(payments.trades.get(paymentIdFor('ORDER1'))!.status).toBe('TRADE_CLOSED');
    await openPayment('ORDER2');
    payments.down.add('queryTrade');
    expect(await cancelByBuyer(deps(), 'ORDER2', 'li')).toMatchObject({ status: 'CANCELLED' });
    expect((await statusOf('ORDER2')).refund).toBeUndefined();
  });
});
