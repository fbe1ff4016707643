import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  attachPayment,
  canTransition,
  cancelOrder,
  deliverOrder,
  expireOrder,
  FLASH_PAY_WITHIN_MS,
  InvalidTransitionError,
  markPaid,
  ORDER_STATUSES,
  orderTimer,
  PAY_WITHIN_MS,
  payByFor,
  refundLatePayment,
  refundSucceeded,
  requestFulfilment,
  shipOrder,
  type CancelFacts,
  type Order,
  type Transition,
} from '../../../lambdas/orders/domain/order';
import { MemoryOrderStore } from '../../support/memory-order-store';

const CREATED = '2026-06-01T10:00:00.000Z';
const facts: CancelFacts = { setAsideHolders: new Map(), buyerLimitUnits: 2 };

function placed(flash = false): Order {
  const line = { productId: 'p1', title: '芦笋', unitPriceFen: 1280, quantity: 2, lineTotalFen: 2560, pool: { kind: flash ? ('FLASH' as const) : ('REGULAR' as const), id: flash ? 'pin1' : 'p1', shards: 4 }, takes: [{ shard: 1, quantity: 2 }] };
  return {
    orderId: 'O1',
    buyerId: 'b1',
    sellerId: 's1',
    sellerCountyCode: '371721',
    status: 'PENDING_PAYMENT',
    items: [line],
    totalFen: 2560,
    unitCount: 2,
    shippingAddress: { name: 'a', phone: '13800138000', countyCode: '110101', detail: 'x' },
    createdAt: CREATED,
    updatedAt: CREATED,
    payBy: payByFor(CREATED, [line]),
    history: [{ status: 'PENDING_PAYMENT', at: CREATED }],
    version: 1,
    idempotencyKey: 'key-12345',
    requestHash: 'h',
    ...(flash ? { buyerLimit: { pinId: 'pin1', units: 2, limit: 2, expiresAt: '2026-06-01T10:30:00.000Z' } } : {}),
  };
}

/** Every operation anyone can attempt on an order: buyer, provider, sweeps, workers, seller. */
const OPERATIONS = ['attachPayment', 'pay', 'expire', 'cancel', 'fulfil', 'ship', 'deliver', 'lateMoney', 'refunded'] as const;
type Operation = (typeof OPERATIONS)[number];

function attempt(order: Order, operation: Operation, at: string): Transition | undefined {
  try {
    switch (operation) {
      case 'attachPayment':
        return attachPayment(order, { paymentId: `VLP${order.orderId}`, provider: 'alipay', amountFen: order.totalFen, payUrl: 'u', expiresAt: order.payBy, createdAt: at });
      case 'pay':
        return markPaid(order, at, at);
      case 'expire':
        return expireOrder(order, at, facts);
      case 'cancel':
        return cancelOrder(order, at, facts);
      case 'fulfil':
        return requestFulfilment(order, at);
      case 'ship':
        return shipOrder(order, { carrier: 'SF', trackingNumber: '1' }, at);
      case 'deliver':
        return deliverOrder(order, at);
      case 'lateMoney':
        return refundLatePayment(order, order.totalFen, at);
      case 'refunded':
        return refundSucceeded(order, at);
    }
  } catch (error) {
    if (error instanceof InvalidTransitionError || error instanceof RangeError) return undefined;
    throw error;
  }
}

const stepArb = fc.record({ operation: fc.constantFrom(...OPERATIONS), minutes: fc.integer({ min: 0, max: 30 }) });

/** Runs a sequence; returns the final order and what committed along the way. */
function run(flash: boolean, steps: readonly { operation: Operation; minutes: number }[]) {
  let order = placed(flash);
  let clock = Date.parse(CREATED);
  const effects: string[] = [];
  let applied = 0;
  for (const { operation, minutes } of steps) {
    clock += minutes * 60_000;
    const transition = attempt(order, operation, new Date(clock).toISOString());
    if (!transition) continue;
    expect(transition.next.version).toBe(order.version + 1);
    order = transition.next;
    applied += 1;
    effects.push(...transition.effects.map((effect) => effect.kind));
    checkInvariants(order);
  }
  return { order, effects, applied };
}

function checkInvariants(order: Order) {
  expect(ORDER_STATUSES).toContain(order.status);
  expect(order.history[0]!.status).toBe('PENDING_PAYMENT');
  expect(order.history.at(-1)!.status).toBe(order.status);
  for (let i = 1; i < order.history.length; i++) expect(canTransition(order.history[i - 1]!.status, order.history[i]!.status)).toBe(true);
  const statuses = order.history.map((entry) => entry.status);
  // paidAt exactly when the order went through PAID; never EXPIRED once paid.
  expect(order.paidAt !== undefined).toBe(statuses.includes('PAID'));
  if (order.status === 'EXPIRED') expect(order.paidAt).toBeUndefined();
  // Money is never kept for an order that will not ship: a paid cancelled order carries its refund.
  if (order.status === 'CANCELLED' && order.paidAt !== undefined) expect(order.refund).toMatchObject({ amountFen: order.totalFen, reason: 'CANCELLED' });
  if (order.refund) {
    expect(['CANCELLED', 'EXPIRED']).toContain(order.status);
    expect(order.refund.amountFen).toBe(order.totalFen);
  }
  // Fulfilment only after payment.
  if (statuses.includes('FULFILMENT_REQUESTED')) expect(statuses.indexOf('PAID')).toBeLessThan(statuses.indexOf('FULFILMENT_REQUESTED'));
  // The timer index holds the order exactly while it waits on a deadline.
  expect(orderTimer(order)?.kind).toBe({ PENDING_PAYMENT: 'EXPIRY', PAID: 'FULFILMENT_LAG', SHIPPED: 'AUTO_DELIVERY' }[order.status as string]);
}

describe('order lifecycle state machine (properties)', () => {
  it('random transition sequences never leave a valid state, and stock comes back exactly once, only for orders that will not ship', () => {
    fc.assert(
      fc.property(fc.boolean(), fc.array(stepArb, { maxLength: 30 }), (flash, steps) => {
        const { order, effects } = run(flash, steps);
        const returned = effects.filter((kind) => kind === 'moveStock').length;
        expect(returned).toBe(order.status === 'CANCELLED' || order.status === 'EXPIRED' ? 1 : 0);
        // The pin allowance comes back with the stock, once.
        expect(effects.filter((kind) => kind === 'releaseBuyerLimit').length).toBe(flash ? returned : 0);
        expect(effects.filter((kind) => kind === 'recordShipmentRequest').length).toBeLessThanOrEqual(1);
      }),
      { numRuns: 1000 },
    );
  });

  it('racing transitions computed from the same version: exactly one commits', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(stepArb, { maxLength: 8 }), fc.constantFrom(...OPERATIONS), fc.constantFrom(...OPERATIONS), async (prefix, first, second) => {
        const { order } = run(false, prefix);
        const at = new Date(Date.parse(order.updatedAt) + 20 * 60_000).toISOString();
        const a = attempt(order, first, at);
        const b = attempt(order, second, at);
        fc.pre(a !== undefined && b !== undefined);
        const store = new MemoryOrderStore();
        store.put(order);
        const outcomes = await Promise.all([store.apply(order, a!), store.apply(order, b!)]);
        expect(outcomes.filter((outcome) => outcome.kind === 'applied')).toHaveLength(1);
        const stored = (await store.get(order.orderId))!;
        expect(stored.version).toBe(order.version + 1);
        checkInvariants(stored);
      }),
      { numRuns: 300 },
    );
  });

  it('payBy is 15 minutes after creation, 5 when any line is at a flash price', () => {
    expect(Date.parse(placed(false).payBy) - Date.parse(CREATED)).toBe(PAY_WITHIN_MS);
    expect(Date.parse(placed(true).payBy) - Date.parse(CREATED)).toBe(FLASH_PAY_WITHIN_MS);
    expect(PAY_WITHIN_MS).toBe(15 * 60_000);
    expect(FLASH_PAY_WITHIN_MS).toBe(5 * 60_000);
  });

  it('an order cannot expire before payBy, nor once paid', () => {
    const order = placed();
    expect(() => expireOrder(order, '2026-06-01T10:14:59.999Z', facts)).toThrow(RangeError);
    expect(expireOrder(order, order.payBy, facts).next.status).toBe('EXPIRED');
    expect(() => expireOrder(markPaid(order, CREATED, CREATED).next, order.payBy, facts)).toThrow(InvalidTransitionError);
  });

  it('cancelling refunds a paid order in full and an unpaid one not at all', () => {
    const paid = markPaid(placed(), '2026-06-01T10:01:00.000Z', '2026-06-01T10:01:01.000Z').next;
    expect(cancelOrder(paid, '2026-06-01T10:02:00.000Z', facts).next.refund).toEqual({ status: 'PENDING', amountFen: 2560, reason: 'CANCELLED', requestedAt: '2026-06-01T10:02:00.000Z' });
    expect(cancelOrder(requestFulfilment(paid, 't').next, 't2', facts).next.refund?.status).toBe('PENDING');
    expect(cancelOrder(placed(), 't', facts).next.refund).toBeUndefined();
  });

  it('money after expiry is refunded once; a refund never goes back to PENDING', () => {
    const expired = expireOrder(placed(), '2026-06-01T10:20:00.000Z', facts).next;
    const refunding = refundLatePayment(expired, 2560, '2026-06-01T10:21:00.000Z').next;
    expect(refunding).toMatchObject({ status: 'EXPIRED', refund: { status: 'PENDING', reason: 'LATE_PAYMENT' }, history: expired.history });
    expect(() => refundLatePayment(refunding, 2560, 't')).toThrow(InvalidTransitionError);
    const done = refundSucceeded(refunding, '2026-06-01T10:22:00.000Z').next;
    expect(done.refund).toMatchObject({ status: 'SUCCEEDED', succeededAt: '2026-06-01T10:22:00.000Z' });
    expect(() => refundSucceeded(done, 't')).toThrow(InvalidTransitionError);
    expect(() => refundLatePayment(placed(), 2560, 't')).toThrow(InvalidTransitionError);
  });
});
