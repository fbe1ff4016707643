import { describe, expect, it } from 'vitest';
import type { ShardState } from '../../../lambdas/catalog/stock-shards';
import { priceLine, type PricingPin, type PricingProduct } from '../../../lambdas/orders/domain/pricing';
import { assessLine, saleWrites } from '../../../lambdas/orders/domain/stock-plan';

const product: PricingProduct = { productId: 'p1', title: '芦笋', priceFen: 1280, stockShards: 2 };
const pin: PricingPin = { pinId: 'pin1', productId: 'p1', flashPriceFen: 990, flashStock: 4, perBuyerLimit: null, startsAt: '2026-06-01T10:00:00.000Z', endsAt: '2026-06-01T10:05:00.000Z' };
const now = '2026-06-01T10:01:00.000Z';
const nowMs = Date.parse(now);
const after = Date.parse(pin.endsAt);
const shard = (n: number, overrides: Partial<ShardState> = {}): ShardState => ({
  productId: 'p1',
  shard: n,
  unsold: 5,
  available: 3,
  flashLeft: 2,
  flashPinId: 'pin1',
  flashUntil: after,
  status: 'ACTIVE',
  priceFen: 1280,
  ...overrides,
});
const random = () => 0;

describe('assessLine: a line against a fresh read of its shards', () => {
  it('a regular line sells the units not set aside, at the price it checks on the shard', () => {
    const line = priceLine(product, 4, undefined, now);
    const plan = assessLine(line, [shard(0), shard(1)], nowMs, random);
    expect(plan).toEqual({
      kind: 'planned',
      takes: [
        { shard: 0, quantity: 3 },
        { shard: 1, quantity: 1 },
      ],
      writes: [
        { productId: 'p1', shard: 0, move: { kind: 'sellRegular', quantity: 3, priceFen: 1280 } },
        { productId: 'p1', shard: 1, move: { kind: 'sellRegular', quantity: 1, priceFen: 1280 } },
      ],
    });
    expect(assessLine(priceLine(product, 7, undefined, now), [shard(0), shard(1)], nowMs, random)).toEqual({ kind: 'short', available: 6 });
  });

  it('a flash line sells only its pin’s live set-aside', () => {
    const line = priceLine(product, 4, pin, now);
    expect(assessLine(line, [shard(0), shard(1)], nowMs, random)).toMatchObject({ kind: 'planned', writes: [{ move: { kind: 'sellFlash', pinId: 'pin1' } }, { move: { kind: 'sellFlash' } }] });
    expect(assessLine(priceLine(product, 5, pin, now), [shard(0), shard(1)], nowMs, random)).toEqual({ kind: 'short', available: 4 });
  });

  it('after the pin’s end a regular line folds the lapsed set-aside back as it sells', () => {
    const line = priceLine(product, 8, undefined, pin.endsAt);
    const plan = assessLine(line, [shard(0), shard(1)], after, random);
    expect(plan.kind === 'planned' && plan.writes.map((w) => w.move)).toEqual([
      { kind: 'sellRegularReclaiming', quantity: 5, priceFen: 1280, lapsedPinId: 'pin1', nowMs: after },
      { kind: 'sellRegularReclaiming', quantity: 3, priceFen: 1280, lapsedPinId: 'pin1', nowMs: after },
    ]);
  });

  it('an offer that changed behind the cache is reported, not sold: hidden, repriced, or the pin gone', () => {
    const regular = priceLine(product, 1, undefined, now);
    const flash = priceLine(product, 1, pin, now);
    expect(assessLine(regular, [shard(0, { status: 'HIDDEN' }), shard(1)], nowMs, random)).toEqual({ kind: 'offerChanged' });
    expect(assessLine(regular, [shard(0, { priceFen: 1500 }), shard(1, { priceFen: 1500 })], nowMs, random)).toEqual({ kind: 'offerChanged' });
    expect(assessLine(flash, [shard(0, { flashPinId: 'pin2' }), shard(1, { flashPinId: 'pin2' })], nowMs, random)).toEqual({ kind: 'offerChanged' });
    expect(assessLine(flash, [shard(0, { status: 'ARCHIVED' }), shard(1)], nowMs, random)).toEqual({ kind: 'offerChanged' });
  });

  it('the optimistic first try writes the offer it priced, without reading', () => {
    expect(saleWrites(priceLine(product, 2, pin, now), [{ shard: 1, quantity: 2 }], undefined, nowMs)).toEqual([
      { productId: 'p1', shard: 1, move: { kind: 'sellFlash', quantity: 2, pinId: 'pin1', nowMs } },
    ]);
    expect(saleWrites(priceLine(product, 2, undefined, now), [{ shard: 0, quantity: 2 }], undefined, nowMs)).toEqual([
      { productId: 'p1', shard: 0, move: { kind: 'sellRegular', quantity: 2, priceFen: 1280 } },
    ]);
  });
});
