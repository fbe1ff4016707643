import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocate, firstAttempt, StockHints, totalAvailable } from '../../../lambdas/orders/domain/allocation';
import { canonicalJson, orderIdFor, requestHash } from '../../../lambdas/orders/domain/idempotency';
import {
  cancelOrder,
  canTransition,
  flashShardsTaken,
  InvalidTransitionError,
  placementView,
  requestFulfilment,
  restoreWrites,
  shardRef,
  shipOrder,
  type CancelFacts,
  type Order,
} from '../../../lambdas/orders/domain/order';
import { pinAppliesTo, priceLine, type PricingPin, type PricingProduct } from '../../../lambdas/orders/domain/pricing';

const product: PricingProduct = { productId: 'p1', title: '芦笋', priceFen: 1280, stockShards: 4 };
const pin: PricingPin = {
  pinId: 'pin1',
  productId: 'p1',
  flashPriceFen: 990,
  flashStock: 100,
  perBuyerLimit: 2,
  startsAt: '2026-06-01T10:00:00.000Z',
  endsAt: '2026-06-01T10:05:00.000Z',
};
const during = '2026-06-01T10:01:00.000Z';
const noFacts: CancelFacts = { setAsideHolders: new Map(), buyerLimitUnits: undefined };

function order(overrides: Partial<Order> = {}): Order {
  return {
    orderId: 'O1',
    buyerId: 'b1',
    sellerId: 's1',
    sellerCountyCode: '371721',
    status: 'PAID',
    items: [{ productId: 'p1', title: '芦笋', unitPriceFen: 1280, quantity: 2, lineTotalFen: 2560, pool: { kind: 'REGULAR', id: 'p1', shards: 4 }, takes: [{ shard: 1, quantity: 2 }] }],
    totalFen: 2560,
    unitCount: 2,
    shippingAddress: { name: 'a', phone: '13800138000', countyCode: '110101', detail: 'x' },
    createdAt: '2026-06-01T10:00:00.000Z',
    updatedAt: '2026-06-01T10:00:00.000Z',
    payBy: '2026-06-01T10:15:00.000Z',
    paidAt: '2026-06-01T10:00:00.000Z',
    history: [
      { status: 'PENDING_PAYMENT', at: '2026-06-01T10:00:00.000Z' },
      { status: 'PAID', at: '2026-06-01T10:00:00.000Z' },
    ],
    version: 2,
    idempotencyKey: 'key-12345',
    requestHash: 'h',
    ...overrides,
  };
}

describe('pricing', () => {
  it('uses the catalog price outside a pin', () => {
    expect(priceLine(product, 3, undefined, during)).toMatchObject({ unitPriceFen: 1280, lineTotalFen: 3840, pool: { kind: 'REGULAR', id: 'p1', shards: 4 } });
  });

  it('uses the flash price and the pin’s set-aside units (on the product’s shards) while the pin window lasts', () => {
    expect(priceLine(product, 2, pin, during)).toMatchObject({ unitPriceFen: 990, lineTotalFen: 1980, pool: { kind: 'FLASH', id: 'pin1', shards: 4 } });
  });

  it('the window is half-open: the flash price ends exactly at endsAt', () => {
    expect(pinAppliesTo(pin, 'p1', pin.startsAt)).toBe(true);
    expect(pinAppliesTo(pin, 'p1', pin.endsAt)).toBe(false);
    expect(priceLine(product, 1, pin, pin.endsAt).unitPriceFen).toBe(1280);
  });

  it('falls back to the regular price and stock once the flash stock is exhausted', () => {
    expect(priceLine(product, 2, pin, during, true)).toMatchObject({ unitPriceFen: 1280, pool: { kind: 'REGULAR' } });
  });

  it('a pin without flash stock sells at the regular price (flashPriceFen and flashStock come together)', () => {
    expect(priceLine(product, 1, { ...pin, flashPriceFen: null, flashStock: null }, during)).toMatchObject({ unitPriceFen: 1280, pool: { kind: 'REGULAR' } });
  });

  it('a pin of another product does not apply', () => {
    expect(priceLine({ ...product, productId: 'p2' }, 1, pin, during).unitPriceFen).toBe(1280);
  });
});

describe('stock allocation', () => {
  const fixed = (value: number) => () => value;

  it('the first attempt takes the whole line from one shard, avoiding shards known to be short', () => {
    expect(firstAttempt(4, 3, fixed(0.99))).toEqual([{ shard: 3, quantity: 3 }]);
    expect(firstAttempt(4, 3, fixed(0), new Set([0, 1]))).toEqual([{ shard: 2, quantity: 3 }]);
    expect(firstAttempt(2, 1, fixed(0.6), new Set([0, 1]))).toEqual([{ shard: 1, quantity: 1 }]);
  });

  it('is undefined when the shards hold too little in all', () => {
    expect(allocate([{ shard: 0, available: 1 }, { shard: 1, available: 1 }], 3, Math.random)).toBeUndefined();
  });

  it('prefers one shard that covers the line', () => {
    expect(allocate([{ shard: 0, available: 1 }, { shard: 1, available: 5 }], 3, fixed(0))).toEqual([{ shard: 1, quantity: 3 }]);
  });

  it('sells the last units scattered over several shards', () => {
    expect(allocate([{ shard: 0, available: 1 }, { shard: 1, available: 2 }, { shard: 2, available: 0 }, { shard: 3, available: 1 }], 4, fixed(0))).toEqual([
      { shard: 1, quantity: 2 },
      { shard: 0, quantity: 1 },
      { shard: 3, quantity: 1 },
    ]);
  });

  it('never plans more than a shard holds and always the exact quantity (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 50 }), { minLength: 1, maxLength: 32 }), fc.integer({ min: 1, max: 99 }), fc.double({ min: 0, max: 0.999, noNaN: true }), (units, quantity, r) => {
        const shards = units.map((available, shard) => ({ shard, available }));
        const plan = allocate(shards, quantity, () => r);
        if (totalAvailable(shards) < quantity) return plan === undefined;
        expect(plan!.reduce((sum, take) => sum + take.quantity, 0)).toBe(quantity);
        for (const take of plan!) expect(take.quantity).toBeLessThanOrEqual(shards[take.shard]!.available);
        expect(new Set(plan!.map((take) => take.shard)).size).toBe(plan!.length);
        return true;
      }),
    );
  });

  it('hints expire and track our own decrements', () => {
    let now = 0;
    const hints = new StockHints(1000, () => now);
    hints.remember('REGULAR#p1', [{ shard: 0, available: 1 }, { shard: 1, available: 0 }]);
    expect(hints.shortShards('REGULAR#p1', 1)).toEqual(new Set([1]));
    expect(hints.looksShort('REGULAR#p1', 1)).toBe(false);
    hints.took('REGULAR#p1', [{ shard: 0, quantity: 1 }]);
    expect(hints.looksShort('REGULAR#p1', 1)).toBe(true);
    now = 1001;
    expect(hints.looksShort('REGULAR#p1', 1)).toBe(false);
  });
});

describe('order state machine', () => {
  it('allows exactly the transitions of the contract', () => {
    expect(canTransition('PENDING_PAYMENT', 'PAID')).toBe(true);
    expect(canTransition('PENDING_PAYMENT', 'EXPIRED')).toBe(true);
    expect(canTransition('PENDING_PAYMENT', 'CANCELLED')).toBe(true);
    expect(canTransition('PENDING_PAYMENT', 'FULFILMENT_REQUESTED')).toBe(false);
    expect(canTransition('PAID', 'FULFILMENT_REQUESTED')).toBe(true);
    expect(canTransition('PAID', 'CANCELLED')).toBe(true);
    expect(canTransition('PAID', 'EXPIRED')).toBe(false);
    expect(canTransition('FULFILMENT_REQUESTED', 'SHIPPED')).toBe(true);
    expect(canTransition('FULFILMENT_REQUESTED', 'CANCELLED')).toBe(true);
    expect(canTransition('SHIPPED', 'DELIVERED')).toBe(true);
    expect(canTransition('PAID', 'SHIPPED')).toBe(false);
    expect(canTransition('EXPIRED', 'PAID')).toBe(false);
    expect(canTransition('SHIPPED', 'CANCELLED')).toBe(false);
    expect(canTransition('CANCELLED', 'FULFILMENT_REQUESTED')).toBe(false);
  });

  it('fulfilment records a shipment request with the transition and appends history', () => {
    const { next, effects } = requestFulfilment(order(), '2026-06-01T10:00:05.000Z');
    expect(next).toMatchObject({ status: 'FULFILMENT_REQUESTED', version: 3, updatedAt: '2026-06-01T10:00:05.000Z' });
    expect(next.history.map((entry) => entry.status)).toEqual(['PENDING_PAYMENT', 'PAID', 'FULFILMENT_REQUESTED']);
    expect(effects).toEqual([expect.objectContaining({ kind: 'recordShipmentRequest', request: expect.objectContaining({ orderId: 'O1', status: 'OPEN' }) })]);
  });

  it('cancel restores exactly the stock taken, releases the pin allowance and closes an open shipment request', () => {
    const requested = requestFulfilment(order({ buyerLimit: { pinId: 'pin1', units: 2, limit: 2, expiresAt: pin.endsAt } }), 't1').next;
    const { next, effects } = cancelOrder(requested, 't2', { ...noFacts, buyerLimitUnits: 2 });
    expect(next.status).toBe('CANCELLED');
    expect(effects.map((effect) => effect.kind)).toEqual(['moveStock', 'releaseBuyerLimit', 'closeShipmentRequest']);
    expect(effects[0]).toEqual({ kind: 'moveStock', writes: [{ productId: 'p1', shard: 1, move: { kind: 'restoreRegular', quantity: 2 } }] });
    expect(cancelOrder(order(), 't2', noFacts).effects.map((effect) => effect.kind)).toEqual(['moveStock']);
  });

  it('cancel works without the buyer’s pin counter (TTL removed it after the pin), and never releases a counter that does not hold the order', () => {
    const limited = order({ buyerLimit: { pinId: 'pin1', units: 2, limit: 2, expiresAt: pin.endsAt } });
    expect(cancelOrder(limited, 't2', { ...noFacts, buyerLimitUnits: undefined }).effects.map((effect) => effect.kind)).toEqual(['moveStock']);
    expect(cancelOrder(limited, 't2', { ...noFacts, buyerLimitUnits: 1 }).effects.map((effect) => effect.kind)).toEqual(['moveStock']);
  });

  it('a cancelled flash unit goes back to its pin’s set-aside while the shard holds it, else to the product', () => {
    const flashLine = { ...order().items[0]!, unitPriceFen: 990, lineTotalFen: 1980, pool: { kind: 'FLASH' as const, id: 'pin1', shards: 4 }, takes: [{ shard: 0, quantity: 1 }, { shard: 3, quantity: 1 }] };
    const flashOrder = order({ items: [flashLine] });
    expect(flashShardsTaken(flashOrder)).toEqual([{ productId: 'p1', shard: 0 }, { productId: 'p1', shard: 3 }]);
    const holders = new Map([[shardRef('p1', 0), 'pin1'], [shardRef('p1', 3), 'pin2']]);
    expect(restoreWrites(flashOrder, holders)).toEqual([
      { productId: 'p1', shard: 0, move: { kind: 'restoreFlash', quantity: 1, pinId: 'pin1' } },
      { productId: 'p1', shard: 3, move: { kind: 'restoreRegular', quantity: 1 } },
    ]);
  });

  it('refuses transitions the state does not allow', () => {
    const shipped = shipOrder(requestFulfilment(order(), 't1').next, { carrier: 'SF', trackingNumber: '1' }, 't2').next;
    expect(shipped.shipment).toEqual({ carrier: 'SF', trackingNumber: '1', shippedAt: 't2' });
    expect(() => cancelOrder(shipped, 't3', noFacts)).toThrow(InvalidTransitionError);
    expect(() => requestFulfilment(cancelOrder(order(), 't1', noFacts).next, 't2')).toThrow(InvalidTransitionError);
    expect(() => shipOrder(order(), { carrier: 'SF', trackingNumber: '1' }, 't1')).toThrow(InvalidTransitionError);
  });

  it('the placement view is the same whatever happened to the order since', () => {
    const later = cancelOrder(requestFulfilment(order(), 't1').next, 't2', noFacts).next;
    expect(placementView(later)).toEqual(placementView(order()));
    expect(placementView(order())).not.toHaveProperty('takes');
  });
});

describe('idempotency', () => {
  it('derives one order id per buyer and key, 26 URL-safe characters', () => {
    const id = orderIdFor('b1', 'key-12345');
    expect(id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(orderIdFor('b1', 'key-12345')).toBe(id);
    expect(orderIdFor('b2', 'key-12345')).not.toBe(id);
    expect(orderIdFor('b1', 'key-12346')).not.toBe(id);
  });

  it('hashes requests canonically: key order does not matter, values do', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: null } })).toBe('{"a":{"c":null,"d":[1,{"x":1,"y":2}]},"b":1}');
    expect(requestHash({ a: 1, b: 2 })).toBe(requestHash({ b: 2, a: 1 }));
    expect(requestHash({ a: 1 })).not.toBe(requestHash({ a: 2 }));
  });
});
