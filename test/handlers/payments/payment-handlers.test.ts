import { afterEach, describe, expect, it } from 'vitest';
import { LOCAL_CLOCK_HEADER } from '../../../lambdas/core/http/local-clock';
import { payByFor, type Order } from '../../../lambdas/orders/domain/order';
import { createHandler as createCancelHandler } from '../../../lambdas/orders/handlers/cancel-order';
import { cancelOrderRoute } from '../../../lambdas/orders/routes';
import type { Runtime } from '../../../lambdas/orders/use-cases/ports';
import { createHandler as createPaymentHandler } from '../../../lambdas/payments/handlers/create-payment';
import { createPaymentRoute } from '../../../lambdas/payments/routes';
import { FakePaymentProvider } from '../../support/fake-payment-provider';
import { MemoryOrderStore } from '../../support/memory-order-store';
import { expectResponseContract } from '../../support/response-contract';
import { call, orderEvent } from '../orders/support';

const CREATED = '2026-06-01T10:00:00.000Z';
const SEEDED = '2026-06-01T10:02:00.000Z';

function pending(): Order {
  const line = { productId: 'p1', title: '芦笋', unitPriceFen: 1280, quantity: 1, lineTotalFen: 1280, pool: { kind: 'REGULAR' as const, id: 'p1', shards: 1 }, takes: [{ shard: 0, quantity: 1 }] };
  return {
    orderId: 'ORDER1', buyerId: 'li', sellerId: 'zhang', sellerCountyCode: '371721', status: 'PENDING_PAYMENT', items: [line], totalFen: 1280, unitCount: 1,
    shippingAddress: { name: '李四', phone: '13800138000', countyCode: '110101', detail: 'x' }, createdAt: CREATED, updatedAt: CREATED,
    payBy: payByFor(CREATED, [line]), history: [{ status: 'PENDING_PAYMENT', at: CREATED }], version: 1, idempotencyKey: 'key-12345', requestHash: 'h',
  };
}

const runtime: Runtime = { now: () => '2026-06-01T10:05:00.000Z', random: () => 0, sleep: async () => undefined };
const stock = { readShards: async (_productId: string, shards: number) => Array.from({ length: shards }, () => undefined) };
const stage = process.env.STAGE;
afterEach(() => {
  process.env.STAGE = stage;
});

const observed = (response: Awaited<ReturnType<typeof call>>) => ({ status: response.status ?? 0, headers: new Headers(response.headers), body: response.body, text: response.raw });

describe('payment routes (handlers with a fake provider)', () => {
  it('POST /payment: 201 with the payment, then 200 with the same one; the contract holds', async () => {
    const orders = new MemoryOrderStore();
    orders.put(pending());
    const handler = createPaymentHandler({ orders, runtime, payments: new FakePaymentProvider() });
    const event = orderEvent(createPaymentRoute, { pathParameters: { orderId: 'ORDER1' } });
    const first = await call(handler, event);
    expect(first.status).toBe(201);
    expect(first.body).toEqual({ paymentId: 'VLPORDER1', orderId: 'ORDER1', provider: 'alipay', amountFen: 1280, payUrl: 'https://fake-pay.test/VLPORDER1', expiresAt: '2026-06-01T10:15:00.000Z' });
    expectResponseContract('POST', '/v1/orders/ORDER1/payment', observed(first));
    const again = await call(handler, orderEvent(createPaymentRoute, { pathParameters: { orderId: 'ORDER1' } }));
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect((await call(handler, orderEvent(createPaymentRoute, { sub: 'stranger', pathParameters: { orderId: 'ORDER1' } }))).status).toBe(404);
  });

  it('x-village-local-now is honoured on payment creation and cancel by the local runtime only', async () => {
    process.env.STAGE = 'local';
    const orders = new MemoryOrderStore();
    orders.put(pending());
    const payments = new FakePaymentProvider();
    const headers = { [LOCAL_CLOCK_HEADER]: SEEDED };
    await call(createPaymentHandler({ orders, runtime, payments }), orderEvent(createPaymentRoute, { pathParameters: { orderId: 'ORDER1' }, headers }));
    expect((await orders.get('ORDER1'))?.payment?.createdAt).toBe(SEEDED);
    const cancelled = await call(createCancelHandler({ orders, runtime, payments, stock }), orderEvent(cancelOrderRoute, { pathParameters: { orderId: 'ORDER1' }, headers }));
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.history.at(-1)).toEqual({ status: 'CANCELLED', at: SEEDED });

    process.env.STAGE = 'prod';
    orders.put(pending());
    await call(createPaymentHandler({ orders, runtime, payments }), orderEvent(createPaymentRoute, { pathParameters: { orderId: 'ORDER1' }, headers }));
    expect((await orders.get('ORDER1'))?.payment?.createdAt).toBe('2026-06-01T10:05:00.000Z');
  });

  it('cancel of a paid order answers 200 with the refund PENDING for the full amount', async () => {
    const orders = new MemoryOrderStore();
    orders.put({ ...pending(), status: 'PAID', paidAt: CREATED, history: [...pending().history, { status: 'PAID', at: CREATED }], version: 2 });
    const response = await call(createCancelHandler({ orders, runtime, payments: new FakePaymentProvider(), stock }), orderEvent(cancelOrderRoute, { pathParameters: { orderId: 'ORDER1' } }));
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ status: 'CANCELLED', paidAt: CREATED, refund: { status: 'PENDING', amountFen: 1280 } });
    expectResponseContract('POST', '/v1/orders/ORDER1/cancel', observed(response));
  });
});
