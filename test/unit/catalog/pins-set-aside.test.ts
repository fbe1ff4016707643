import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pinChangeMoves, planSetAside } from '../../../lambdas/catalog/domain/pins';
import { planProductShardMoves } from '../../../lambdas/catalog/domain/products';
import type { PinItem } from '../../../lambdas/catalog/model';
import { applyMove, type ShardMove } from '../../../lambdas/catalog/stock-moves';
import { regularSellable, type ShardState } from '../../../lambdas/catalog/stock-shards';

const NOW = Date.parse('2026-06-01T08:00:00Z');
const LATER = NOW + 10 * 60_000;
const shard = (overrides: Partial<ShardState> = {}): ShardState => ({
  productId: 'P1',
  shard: 0,
  unsold: 10,
  available: 10,
  flashLeft: 0,
  status: 'ACTIVE',
  priceFen: 1000,
  ...overrides,
});
const setAside = (units: number, state = shard()) => after(state, { kind: 'setAside', pinId: 'PIN1', untilMs: LATER, units });
function after(state: ShardState | undefined, move: ShardMove): ShardState {
  const result = applyMove(state, move);
  if (!result.ok) throw new Error(`${move.kind} failed`);
  return result.state;
}
const fails = (state: ShardState | undefined, move: ShardMove) => expect(applyMove(state, move)).toEqual({ ok: false });

describe('planSetAside: which shards a flash pin takes its units from', () => {
  it('spreads the units evenly when every shard can take its share', () => {
    expect(planSetAside([10, 10, 10, 10], 10)).toEqual([3, 3, 2, 2]);
  });

  it('never takes more than a shard holds; the others make up the difference', () => {
    expect(planSetAside([0, 1, 100, 100], 10)).toEqual([0, 1, 5, 4]);
    expect(planSetAside([1, 1, 10], 12)).toEqual([1, 1, 10]);
  });

  it('is undefined when the shards hold fewer unsold units in all', () => {
    expect(planSetAside([3, 3], 7)).toBeUndefined();
  });

  it('always places exactly the units, within each shard’s capacity, as evenly as capacities allow', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 1, maxLength: 32 }), fc.integer({ min: 1, max: 400 }), (unsold, units) => {
        const quotas = planSetAside(unsold, units);
        const total = unsold.reduce((a, b) => a + b, 0);
        if (total < units) {
          expect(quotas).toBeUndefined();
          return;
        }
        expect(quotas!.reduce((a, b) => a + b, 0)).toBe(units);
        quotas!.forEach((quota, i) => expect(quota).toBeLessThanOrEqual(unsold[i]!));
        // A shard left below another's quota by more than one is full.
        const top = Math.max(...quotas!);
        quotas!.forEach((quota, i) => expect(quota >= top - 1 || quota === unsold[i]).toBe(true));
      }),
    );
  });
});

describe('pinChangeMoves: a pin change writes its shards in the same transaction', () => {
  const flash = (pinId: string, productId: string): PinItem => ({
    pinId,
    sellerId: 's',
    productId,
    flashPriceFen: 500,
    flashStock: 4,
    flashStockShards: 2,
    perBuyerLimit: null,
    startsAt: '2026-06-01T08:00:00.000Z',
    endsAt: '2026-06-01T08:10:00.000Z',
  });
  const plain = (pinId: string, productId: string): PinItem => ({ ...flash(pinId, productId), flashPriceFen: null, flashStock: null, flashStockShards: 0 });

  it('a new flash pin sets its quotas aside until its end', () => {
    expect(pinChangeMoves(undefined, flash('A', 'P1'), [3, 1]).map((w) => [w.productId, w.shard, w.move])).toEqual([
      ['P1', 0, { kind: 'setAside', pinId: 'A', untilMs: LATER, units: 3 }],
      ['P1', 1, { kind: 'setAside', pinId: 'A', untilMs: LATER, units: 1 }],
    ]);
  });

  it('replacing a flash pin on another product (or by a plain pin, or removing it) releases the old set-aside', () => {
    const release = (productId: string, pinId: string) => [0, 1].map((n) => ({ productId, shard: n, move: { kind: 'release', pinId } }));
    expect(pinChangeMoves(flash('A', 'P1'), flash('B', 'P2'), [2, 2]).filter((w) => w.move.kind === 'release')).toEqual(release('P1', 'A'));
    expect(pinChangeMoves(flash('A', 'P1'), plain('B', 'P1'), undefined)).toEqual(release('P1', 'A'));
    expect(pinChangeMoves(flash('A', 'P1'), undefined, undefined)).toEqual(release('P1', 'A'));
  });

  it('a new flash pin on the same product needs no release: its set-aside replaces the old in the same write', () => {
    expect(pinChangeMoves(flash('A', 'P1'), flash('B', 'P1'), [2, 2]).map((w) => w.move.kind)).toEqual(['setAside', 'setAside']);
    expect(pinChangeMoves(plain('A', 'P1'), plain('B', 'P2'), undefined)).toEqual([]);
  });
});

describe('the shard rule (stock-moves.ts): flash stock is set aside, never minted', () => {
  it('setting units aside keeps them in the product’s stock and out of regular sales', () => {
    const state = setAside(4);
    expect(state).toMatchObject({ unsold: 10, available: 6, flashLeft: 4, flashPinId: 'PIN1' });
    fails(state, { kind: 'sellRegular', quantity: 7, priceFen: 1000 });
    expect(after(state, { kind: 'sellRegular', quantity: 6, priceFen: 1000 })).toMatchObject({ unsold: 4, available: 0, flashLeft: 4 });
  });

  it('set-aside units sell at the flash price only while their pin lasts', () => {
    const state = setAside(4);
    expect(after(state, { kind: 'sellFlash', quantity: 4, pinId: 'PIN1', nowMs: NOW })).toMatchObject({ unsold: 6, available: 6, flashLeft: 0 });
    fails(state, { kind: 'sellFlash', quantity: 5, pinId: 'PIN1', nowMs: NOW });
    fails(state, { kind: 'sellFlash', quantity: 1, pinId: 'OTHER', nowMs: NOW });
    fails(state, { kind: 'sellFlash', quantity: 1, pinId: 'PIN1', nowMs: LATER });
  });

  it('a set-aside cannot take more than the shard’s unsold units', () => {
    fails(shard({ unsold: 3, available: 3 }), { kind: 'setAside', pinId: 'P', untilMs: LATER, units: 4 });
  });

  it('when the pin ends by time, nobody calls: the units count as the product’s, and the next regular sale folds them back', () => {
    const state = after(setAside(4), { kind: 'sellRegular', quantity: 6, priceFen: 1000 });
    expect(regularSellable(state, NOW)).toBe(0);
    expect(regularSellable(state, LATER)).toBe(4);
    fails(state, { kind: 'sellRegularReclaiming', quantity: 1, priceFen: 1000, lapsedPinId: 'PIN1', nowMs: NOW });
    expect(after(state, { kind: 'sellRegularReclaiming', quantity: 3, priceFen: 1000, lapsedPinId: 'PIN1', nowMs: LATER })).toEqual(
      shard({ unsold: 1, available: 1, flashLeft: 0 }),
    );
  });

  it('release returns the unsold set-aside to the product, and only for its own pin', () => {
    const state = after(setAside(4), { kind: 'sellFlash', quantity: 1, pinId: 'PIN1', nowMs: NOW });
    expect(after(state, { kind: 'release', pinId: 'PIN1' })).toEqual(shard({ unsold: 9, available: 9 }));
    fails(state, { kind: 'release', pinId: 'OTHER' });
    expect(after(shard(), { kind: 'release', pinId: 'PIN1' })).toEqual(shard());
  });

  it('a new set-aside on the same shard replaces the old one: the old pin’s units go back first', () => {
    const state = after(setAside(4), { kind: 'sellFlash', quantity: 1, pinId: 'PIN1', nowMs: NOW });
    expect(after(state, { kind: 'setAside', pinId: 'PIN2', untilMs: LATER, units: 2 })).toMatchObject({ unsold: 9, available: 7, flashLeft: 2, flashPinId: 'PIN2' });
  });

  it('a cancelled flash unit goes back to its pin only while the shard holds that pin', () => {
    const state = after(setAside(4), { kind: 'sellFlash', quantity: 1, pinId: 'PIN1', nowMs: NOW });
    expect(after(state, { kind: 'restoreFlash', quantity: 1, pinId: 'PIN1' })).toMatchObject({ unsold: 10, flashLeft: 4 });
    const released = after(state, { kind: 'release', pinId: 'PIN1' });
    fails(released, { kind: 'restoreFlash', quantity: 1, pinId: 'PIN1' });
    expect(after(released, { kind: 'restoreRegular', quantity: 1 })).toEqual(shard());
  });

  it('a hidden, archived or repriced product sells at no price', () => {
    const state = setAside(4);
    for (const change of [{ status: 'HIDDEN' as const, priceFen: 1000 }, { status: 'ARCHIVED' as const, priceFen: 1000 }]) {
      const changed = after(state, { kind: 'describe', ...change });
      fails(changed, { kind: 'sellRegular', quantity: 1, priceFen: 1000 });
      fails(changed, { kind: 'sellFlash', quantity: 1, pinId: 'PIN1', nowMs: NOW });
    }
    fails(after(state, { kind: 'describe', status: 'ACTIVE', priceFen: 1200 }), { kind: 'sellRegular', quantity: 1, priceFen: 1000 });
  });
});

describe('planProductShardMoves: a new stock counts the set-aside units', () => {
  it('keeps a live set-aside and splits the rest; refuses a total below it', () => {
    const shards = [setAside(4), shard({ shard: 1, unsold: 5, available: 5 })];
    const plan = planProductShardMoves({ productId: 'P1', status: 'ACTIVE', priceFen: 1000 }, shards, {}, 10, NOW);
    expect(plan.kind).toBe('moves');
    const next = plan.kind === 'moves' ? plan.moves.map(({ move }, i) => after(shards[i], move)) : [];
    expect(next.map((s) => [s.unsold, s.available, s.flashLeft])).toEqual([
      [7, 3, 4],
      [3, 3, 0],
    ]);
    expect(planProductShardMoves({ productId: 'P1', status: 'ACTIVE', priceFen: 1000 }, shards, {}, 3, NOW)).toEqual({ kind: 'below-set-aside', setAside: 4 });
  });

  it('folds a lapsed set-aside into the product’s units', () => {
    const plan = planProductShardMoves({ productId: 'P1', status: 'ACTIVE', priceFen: 1000 }, [setAside(4)], {}, 2, LATER + 1);
    expect(plan.kind === 'moves' && after(setAside(4), plan.moves[0]!.move)).toEqual(shard({ unsold: 2, available: 2 }));
  });

  it('copies a new status and price to every shard', () => {
    const plan = planProductShardMoves({ productId: 'P1', status: 'ACTIVE', priceFen: 1000 }, [shard(), undefined], { status: 'HIDDEN', priceFen: 900 }, undefined, NOW);
    expect(plan.kind === 'moves' && plan.moves.map(({ move }) => move)).toEqual([
      { kind: 'describe', status: 'HIDDEN', priceFen: 900 },
      { kind: 'rewrite', productId: 'P1', shard: 1, seen: undefined, available: 0, keepSetAside: false, status: 'HIDDEN', priceFen: 900 },
    ]);
  });
});
