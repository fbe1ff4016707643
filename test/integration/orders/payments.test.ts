import { describe, expect, it } from 'vitest';
import { lambdaContext } from '../../../local/lambda-context';
import type { Order } from '../../../lambdas/orders/domain/order';
import { createCatalogReader, createStockReader } from '../../../lambdas/orders/store/catalog-reader';
import { createOrderStore } from '../../../lambdas/orders/store/order-store';
import type { Runtime } from '../../../lambdas/orders/use-cases/ports';
import { placeOrder } from '../../../lambdas/orders/use-cases/place-order';
import { expireDueOrders, expireIfUnpaid } from '../../../lambdas/orders/use-cases/sweeps';
import { cancelByBuyer, requestFulfilmentOnce } from '../../../lambdas/orders/use-cases/transitions';
import { alipayNotifyRoute } from '../../../lambdas/payments/routes';
import { createPayment } from '../../../lambdas/payments/use-cases/create-payment';
import { handleNotification } from '../../../lambdas/payments/use-cases/notification';
import { refundOnce } from '../../../lambdas/payments/use-cases/refund';
import { FakePaymentProvider } from '../../support/fake-payment-provider';
import { httpEvent } from '../../support/lambda-http';
import { uniqueId } from '../../support/local-api';
import { address, catalogTable, inParallel, ordersTable, productStock, seedPin, seedProduct, seedSeller } from './fixtures';

/**
 * The payment lifecycle's use cases on DynamoDB Local (real conditional writes and transactions), with
 * a fake provider behind the port. Orders are placed at instants long past, so that the expiry sweep
 * (which reads every due order of the shared table) only ever finds this file's orders.
 */
const orders = createOrderStore({ orders: ordersTable, catalog: catalogTable });
const stock = createStockReader(catalogTable);

function deps(payments: FakePaymentProvider, now: () => string) {
  const runtime: Runtime = { now, random: Math.random, sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)) };
  return { orders, stock, runtime, payments, catalog: createCatalogReader(catalogTable, 0) };
}

async function placeAt(d: ReturnType<typeof deps>, sellerId: string, productId: string, buyerId: string, quantity = 1): Promise<Order> {
  const { order } = await placeOrder(d, { buyerId, idempotencyKey: uniqueId('pay-key').slice(-60), request: { sellerId, items: [{ productId, quantity }], shippingAddress: address } });
  return order;
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

describe('payments on DynamoDB Local', () => {
  it('expiry racing a payment notification: exactly one of PAID and EXPIRED wins; when EXPIRED wins the money is refunded', { timeout: 120_000 }, async () => {
    const sellerId = uniqueId('race-pay-seller');
    await seedSeller(sellerId);
    const product = await seedProduct(sellerId, { stock: 40, shards: 4 });
    const placedAt = '2001-03-01T02:00:00.000Z';
    const payments = new FakePaymentProvider();
    const d = deps(payments, () => placedAt);
    const placed = await Promise.all(Array.from({ length: 20 }, (_, i) => placeAt(d, sellerId, product.productId, `${sellerId}-b${i}`, 2)));
    for (const order of placed) await createPayment(d, order.orderId, order.buyerId);

    // The buyer pays at the last moment: the notification is on its way while the sweep queries (and sees
    // an unpaid trade, then closes it). Both run at once for every order.
    const expiryAt = '2001-03-01T02:16:00.000Z';
    const late = deps(payments, () => expiryAt);
    const outcomes = await Promise.all(
      placed.map(async (order) => {
        const fields = payments.notification(`VLP${order.orderId}`, { trade_status: 'TRADE_SUCCESS', gmt_payment: '2001-03-01T02:14:59.000Z', total_amount_fen: String(order.totalFen) });
        const [expiry, notification] = await Promise.all([expireIfUnpaid(late, order.orderId, expiryAt), handleNotification(late, fields)]);
        return { orderId: order.orderId, expiry, notification };
      }),
    );

    let paid = 0;
    for (const { orderId, notification } of outcomes) {
      const order = (await orders.get(orderId))!;
      // The local runtime shares this table: its outbox may already have moved a paid order on to fulfilment.
      expect(['PAID', 'FULFILMENT_REQUESTED', 'EXPIRED']).toContain(order.status);
      const statuses = order.history.map((entry) => entry.status);
      // One winner: never both, and never PAID after EXPIRED or the reverse.
      expect(statuses.filter((status) => status === 'PAID' || status === 'EXPIRED')).toHaveLength(1);
      if (order.status !== 'EXPIRED') {
        paid += 1;
        expect(order.refund).toBeUndefined();
        expect(notification.kind).toBe('paid');
      } else {
        expect(order.refund).toMatchObject({ status: 'PENDING', amountFen: order.totalFen, reason: 'LATE_PAYMENT' });
        expect(notification.kind).toBe('refundRequested');
        // The money did arrive at the provider (its notification said so): it goes back.
        payments.trades.get(`VLP${orderId}`)!.paidFen = order.totalFen;
        expect(await refundOnce(late, orderId)).toBe('refunded');
      }
    }
    // Units of the expired orders are back; the paid ones stay sold.
    expect(sum(await productStock(product))).toBe(40 - 2 * paid);
  });

  it('a notification delivered many times at once, and reordered with a refund notification, makes one PAID transition', async () => {
    const sellerId = uniqueId('repeat-pay-seller');
    await seedSeller(sellerId);
    const product = await seedProduct(sellerId, { stock: 5 });
    const payments = new FakePaymentProvider();
    const d = deps(payments, () => '2001-04-01T02:00:00.000Z');
    const order = await placeAt(d, sellerId, product.productId, `${sellerId}-buyer`);
    const { payment } = await createPayment(d, order.orderId, order.buyerId);
    payments.pay(payment.paymentId, '2001-04-01T02:01:00.000Z');
    const fields = payments.notification(payment.paymentId);
    const results = await Promise.all(Array.from({ length: 6 }, () => handleNotification(d, fields)));
    expect(results.filter((result) => result.kind === 'paid')).toHaveLength(1);
    const paidOnce = (paid: Order | undefined) => {
      // The local outbox may move it on to FULFILMENT_REQUESTED meanwhile; it is paid exactly once.
      expect(paid?.history.filter((entry) => entry.status === 'PAID')).toHaveLength(1);
      expect(paid).toMatchObject({ paidAt: '2001-04-01T02:01:00.000Z' });
      expect(paid?.refund).toBeUndefined();
    };
    paidOnce(await orders.get(order.orderId));
    expect(await handleNotification(d, { ...fields, trade_status: 'TRADE_CLOSED' })).toMatchObject({ kind: 'unchanged' });
    expect(await handleNotification(d, fields)).toMatchObject({ kind: 'unchanged' });
    paidOnce(await orders.get(order.orderId));
  });

  it.each([
    ['an invalid signature', { sign: 'forged' }],
    ['another app id', { app_id: 'other' }],
    ['an amount other than the order total', { total_amount_fen: '1' }],
  ])('the notify route: %s → 400 fail (text/plain), nothing changes', async (_name, overrides) => {
    const sellerId = uniqueId('bad-notify-seller');
    await seedSeller(sellerId);
    const product = await seedProduct(sellerId, { stock: 5 });
    const payments = new FakePaymentProvider();
    const d = deps(payments, () => '2001-05-01T02:00:00.000Z');
    const order = await placeAt(d, sellerId, product.productId, `${sellerId}-buyer`);
    const { payment } = await createPayment(d, order.orderId, order.buyerId);
    payments.pay(payment.paymentId, '2001-05-01T02:01:00.000Z');
    const before = await orders.get(order.orderId);
    const { createHandler } = await import('../../../lambdas/payments/handlers/alipay-notify');
    const handler = createHandler(d);
    // As API Gateway delivers a form post: base64-encoded, no JWT.
    const form = new URLSearchParams({ ...payments.notification(payment.paymentId), ...overrides }).toString();
    const event = { ...httpEvent(alipayNotifyRoute, { rawBody: Buffer.from(form).toString('base64'), headers: { 'content-type': 'application/x-www-form-urlencoded' } }), isBase64Encoded: true };
    const rejected = (await handler(event, lambdaContext('notify'))) as { statusCode: number; body: string; headers: Record<string, string> };
    expect(rejected).toMatchObject({ statusCode: 400, body: 'fail' });
    expect(rejected.headers['content-type']).toMatch(/^text\/plain/);
    expect(await orders.get(order.orderId)).toEqual(before);

    const genuine = new URLSearchParams(payments.notification(payment.paymentId)).toString();
    const accepted = (await handler({ ...event, body: Buffer.from(genuine).toString('base64'), isBase64Encoded: true }, lambdaContext('notify'))) as { statusCode: number; body: string };
    expect(accepted).toMatchObject({ statusCode: 200, body: 'success' });
    expect((await orders.get(order.orderId))?.status).toBe('PAID');
  });

  it('cancelling a paid order racing the fulfilment worker: one outcome per order, refunded when cancelled', { timeout: 60_000 }, async () => {
    const sellerId = uniqueId('cancel-paid-seller');
    await seedSeller(sellerId);
    const product = await seedProduct(sellerId, { stock: 30, shards: 2 });
    const payments = new FakePaymentProvider();
    const d = deps(payments, () => '2001-06-01T02:00:00.000Z');
    const placed = await Promise.all(Array.from({ length: 10 }, (_, i) => placeAt(d, sellerId, product.productId, `${sellerId}-b${i}`)));
    for (const order of placed) {
      const { payment } = await createPayment(d, order.orderId, order.buyerId);
      payments.pay(payment.paymentId, '2001-06-01T02:01:00.000Z');
      await handleNotification(d, payments.notification(payment.paymentId));
    }
    await Promise.all(placed.flatMap((order) => [requestFulfilmentOnce(d, order.orderId), cancelByBuyer(d, order.orderId, order.buyerId)]));
    for (const order of placed) {
      const final = (await orders.get(order.orderId))!;
      expect(final.status).toBe('CANCELLED');
      expect(final.refund).toMatchObject({ status: 'PENDING', amountFen: final.totalFen });
      await refundOnce(d, order.orderId);
    }
    expect(payments.refunds.size).toBe(10);
    expect(sum(await productStock(product))).toBe(30);
  });

  it('1,000 buyers on a flash sale of 300, a third of them never paying: after expiry the unpaid units are back on sale, sold + unsold = stock', { timeout: 180_000 }, async () => {
    const STOCK = 300;
    const BUYERS = 1_000;
    const sellerId = uniqueId('flash-pay-seller');
    await seedSeller(sellerId);
    const product = await seedProduct(sellerId, { stock: STOCK, shards: 16, priceFen: 1990 });
    const placedAt = '2002-07-01T12:00:30.000Z';
    await seedPin(product, { flashPriceFen: 990, flashStock: STOCK, startsAt: '2002-07-01T12:00:00.000Z', endsAt: '2002-07-01T12:10:00.000Z' });
    const payments = new FakePaymentProvider();
    const d = deps(payments, () => placedAt);

    const started = Date.now();
    const attempts = await inParallel(
      Array.from({ length: BUYERS }, (_, i) => async () => {
        try {
          return await placeAt(d, sellerId, product.productId, `${sellerId}-b${i}`);
        } catch (error) {
          expect((error as { code?: string }).code).toBe('OUT_OF_STOCK');
          return undefined;
        }
      }),
      100,
    );
    const sold = attempts.filter((order): order is Order => order !== undefined);
    console.info(`[flash-pay] ${BUYERS} placements in ${Date.now() - started} ms`);
    expect(sold).toHaveLength(STOCK);
    expect(sold.every((order) => order.items[0]!.unitPriceFen === 990 && order.payBy === '2002-07-01T12:05:30.000Z')).toBe(true);

    // Two thirds pay (the notification arrives); a third never do.
    const payers = sold.filter((_, i) => i % 3 !== 0);
    await inParallel(
      payers.map((order) => async () => {
        const { payment } = await createPayment(d, order.orderId, order.buyerId);
        payments.pay(payment.paymentId, '2002-07-01T12:03:00.000Z');
        await handleNotification(d, payments.notification(payment.paymentId));
      }),
      25,
    );

    console.info(`[flash-pay] placed and paid after ${Date.now() - started} ms`);
    // The sweep runs a minute after payBy: every unpaid order expires, every paid one stays PAID.
    const counts = await expireDueOrders(deps(payments, () => '2002-07-01T12:06:30.000Z'), '2002-07-01T12:06:30.000Z');
    expect(counts).toEqual({ expired: STOCK - payers.length });
    const finals = await Promise.all(sold.map((order) => orders.get(order.orderId)));
    // Paid ones stay sold (the local outbox may already have moved them on to FULFILMENT_REQUESTED).
    expect(finals.filter((order) => order?.paidAt !== undefined && order.status !== 'EXPIRED' && order.status !== 'CANCELLED')).toHaveLength(payers.length);
    expect(finals.filter((order) => order?.status === 'EXPIRED')).toHaveLength(STOCK - payers.length);

    // Unpaid units are back on sale (still set aside for the pin while it lasts): sold + unsold = stock.
    const unsold = sum(await productStock(product));
    expect(unsold).toBe(STOCK - payers.length);
    expect(payers.length + unsold).toBe(STOCK);
    const again = await placeAt(d, sellerId, product.productId, `${sellerId}-late-buyer`);
    expect(again.items[0]!.unitPriceFen).toBe(990);
  });
});
