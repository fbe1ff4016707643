import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pinChangeMoves, planSetAside } from '../../../lambdas/catalog/domain/pins';
import { planProductShardMoves } from '../../../lambdas/catalog/domain/products';
import type { PinItem } from '../../../lambdas/catalog/model';
import { applyMove, type ShardWrite } from '../../../lambdas/catalog/stock-moves';
import { holdsLiveSetAside, newShardItem, regularSellable, splitStock, type ShardState } from '../../../lambdas/catalog/stock-shards';
import { restoreWrites, shardRef, type OrderLine } from '../../../lambdas/orders/domain/order';
import { priceLine, type PricingProduct } from '../../../lambdas/orders/domain/pricing';
import { assessLine } from '../../../lambdas/orders/domain/stock-plan';

/**
 * The whole rule, pure: one product's shards driven by random sequences of pins (set aside), pin
 * replacements and removals, pins running out of time, regular and flash orders, cancels and stock
 * PATCHes, each applied as the services apply them (all of an operation's shard writes or none).
 * After every step: units sold at any price + unsold = the stock the seller set, no count is negative,
 * and a pin never sells more than it set aside.
 */
const SHARDS = 4;
const PRICE = 1000;
const FLASH_PRICE = 600;
const product: PricingProduct = { productId: 'P1', title: '西瓜', priceFen: PRICE, stockShards: SHARDS };

type Op =
  | { kind: 'pin'; flashStock: number; minutes: number }
  | { kind: 'plainPin' }
  | { kind: 'unpin' }
  | { kind: 'order'; quantity: number }
  | { kind: 'cancel'; pick: number }
  | { kind: 'wait'; minutes: number }
  | { kind: 'patchStock'; total: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('pin' as const), flashStock: fc.integer({ min: 1, max: 30 }), minutes: fc.integer({ min: 1, max: 20 }) }),
  fc.constant({ kind: 'plainPin' as const }),
  fc.constant({ kind: 'unpin' as const }),
  fc.record({ kind: fc.constant('order' as const), quantity: fc.integer({ min: 1, max: 6 }) }),
  fc.record({ kind: fc.constant('order' as const), quantity: fc.integer({ min: 1, max: 6 }) }),
  fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('wait' as const), minutes: fc.integer({ min: 1, max: 15 }) }),
  fc.record({ kind: fc.constant('patchStock' as const), total: fc.integer({ min: 0, max: 60 }) }),
);

class Shop {
  shards: ShardState[];
  nowMs = Date.parse('2026-06-01T08:00:00Z');
  pin: PinItem | undefined;
  /** What the seller's stock is meant to be: the initial stock, then every PATCH. */
  stockSet: number;
  orders: { line: OrderLine; cancelled: boolean }[] = [];
  /** Per pin: its flashStock and the flash units its orders hold (not cancelled). */
  flashHeld = new Map<string, { flashStock: number; held: number }>();
  private seq = 0;

  constructor(stock: number) {
    this.stockSet = stock;
    this.shards = splitStock(stock, SHARDS).map((units, shard) => newShardItem({ productId: 'P1', status: 'ACTIVE', priceFen: PRICE }, shard, units));
  }

  /** All writes of one transaction, or none. */
  private commit(writes: readonly ShardWrite[]): boolean {
    const next = [...this.shards];
    for (const write of writes) {
      const result = applyMove(next[write.shard], write.move);
      if (!result.ok) return false;
      next[write.shard] = result.state;
    }
    this.shards = next;
    return true;
  }

  run(step: Op): void {
    const now = new Date(this.nowMs).toISOString();
    switch (step.kind) {
      case 'pin':
      case 'plainPin': {
        const pinId = `PIN${++this.seq}`;
        const flash = step.kind === 'pin';
        const next: PinItem = {
          pinId,
          sellerId: 's',
          productId: 'P1',
          flashPriceFen: flash ? FLASH_PRICE : null,
          flashStock: flash ? step.flashStock : null,
          flashStockShards: flash ? SHARDS : 0,
          perBuyerLimit: null,
          startsAt: now,
          endsAt: new Date(this.nowMs + (flash ? step.minutes : 5) * 60_000).toISOString(),
        };
        const quotas = flash ? planSetAside(this.shards.map((s) => s.unsold), step.flashStock) : undefined;
        if (flash && !quotas) return; // 409 OUT_OF_STOCK
        if (this.commit(pinChangeMoves(this.pin, next, quotas))) {
          this.pin = next;
          if (flash) this.flashHeld.set(pinId, { flashStock: step.flashStock, held: 0 });
        }
        return;
      }
      case 'unpin':
        if (this.pin && this.commit(pinChangeMoves(this.pin, undefined, undefined))) this.pin = undefined;
        return;
      case 'order': {
        let line = priceLine(product, step.quantity, this.pin, now);
        let plan = assessLine(line, this.shards, this.nowMs, () => 0.5);
        if (plan.kind === 'short' && line.pool.kind === 'FLASH') {
          line = priceLine(product, step.quantity, this.pin, now, true);
          plan = assessLine(line, this.shards, this.nowMs, () => 0.5);
        }
        expect(plan.kind).not.toBe('offerChanged');
        if (plan.kind !== 'planned' || !this.commit(plan.writes)) return;
        this.orders.push({ line: { ...line, takes: plan.takes }, cancelled: false });
        if (line.pool.kind === 'FLASH') {
          expect(line.unitPriceFen).toBe(FLASH_PRICE);
          this.flashHeld.get(line.pool.id)!.held += line.quantity;
        } else expect(line.unitPriceFen).toBe(PRICE);
        return;
      }
      case 'cancel': {
        const open = this.orders.filter((o) => !o.cancelled);
        const order = open[step.pick % Math.max(1, open.length)];
        if (!order) return;
        const holders = new Map(this.shards.map((s) => [shardRef(s.productId, s.shard), s.flashPinId]));
        expect(this.commit(restoreWrites({ items: [order.line] }, holders))).toBe(true);
        order.cancelled = true;
        if (order.line.pool.kind === 'FLASH') this.flashHeld.get(order.line.pool.id)!.held -= order.line.quantity;
        return;
      }
      case 'wait':
        this.nowMs += step.minutes * 60_000;
        return;
      case 'patchStock': {
        const plan = planProductShardMoves({ productId: 'P1', status: 'ACTIVE', priceFen: PRICE }, this.shards, {}, step.total, this.nowMs);
        if (plan.kind !== 'moves') return; // 409: below the live set-aside
        const sold = this.sold();
        expect(this.commit(plan.moves.map(({ shard, move }) => ({ productId: 'P1', shard, move })))).toBe(true);
        this.stockSet = step.total + sold;
        return;
      }
    }
  }

  sold = () => this.orders.reduce((sum, o) => sum + (o.cancelled ? 0 : o.line.quantity), 0);

  checkInvariants(): void {
    for (const s of this.shards) {
      expect(Math.min(s.unsold, s.available, s.flashLeft)).toBeGreaterThanOrEqual(0);
      expect(s.unsold).toBe(s.available + s.flashLeft);
    }
    const unsold = this.shards.reduce((sum, s) => sum + s.unsold, 0);
    // Units sold at any price + unsold = the stock the seller set: no unit minted, none lost.
    expect(this.sold() + unsold).toBe(this.stockSet);
    // A pin sells at most what it set aside, and only while its set-aside is live do units sell at its price.
    for (const { flashStock, held } of this.flashHeld.values()) expect(held).toBeLessThanOrEqual(flashStock);
    // Once no pin is live, every unsold unit sells at the regular price.
    if (!this.shards.some((s) => holdsLiveSetAside(s, this.nowMs))) {
      expect(this.shards.reduce((sum, s) => sum + regularSellable(s, this.nowMs), 0)).toBe(unsold);
    }
  }
}

describe('flash stock is set aside, never minted (the whole rule, pure)', () => {
  it('units sold at any price + unsold = stock, never negative, whatever the sequence', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 40 }), fc.array(op, { maxLength: 60 }), (stock, steps) => {
        const shop = new Shop(stock);
        for (const step of steps) {
          shop.run(step);
          shop.checkInvariants();
        }
      }),
      { numRuns: 500 },
    );
  });

  it('stock 10 with a flash pin of 10 sells 10, not 20; re-pinning mints nothing', () => {
    const shop = new Shop(10);
    shop.run({ kind: 'pin', flashStock: 10, minutes: 10 });
    for (let i = 0; i < 20; i++) shop.run({ kind: 'order', quantity: 1 });
    shop.run({ kind: 'pin', flashStock: 5, minutes: 10 });
    for (let i = 0; i < 20; i++) shop.run({ kind: 'order', quantity: 1 });
    expect(shop.sold()).toBe(10);
    expect(shop.orders.every((o) => o.line.unitPriceFen === FLASH_PRICE)).toBe(true);
  });

  it('a pin that runs out of time returns its unsold units to regular sales without any call', () => {
    const shop = new Shop(10);
    shop.run({ kind: 'pin', flashStock: 8, minutes: 5 });
    shop.run({ kind: 'order', quantity: 2 }); // at the flash price
    shop.run({ kind: 'order', quantity: 7 }); // 6 set aside cannot cover it, 2 regular neither: refused
    expect(shop.sold()).toBe(2);
    shop.run({ kind: 'wait', minutes: 6 });
    shop.run({ kind: 'order', quantity: 8 }); // the 2 regular and the 6 unsold set-aside units, at the regular price
    expect(shop.sold()).toBe(10);
    expect(shop.orders.at(-1)!.line.unitPriceFen).toBe(PRICE);
  });

  it('cancelling a flash order after its pin ended returns its units to the product', () => {
    const shop = new Shop(4);
    shop.run({ kind: 'pin', flashStock: 4, minutes: 5 });
    shop.run({ kind: 'order', quantity: 4 });
    shop.run({ kind: 'wait', minutes: 6 });
    shop.run({ kind: 'plainPin' });
    shop.run({ kind: 'cancel', pick: 0 });
    shop.run({ kind: 'order', quantity: 4 });
    expect(shop.orders.at(-1)).toMatchObject({ cancelled: false, line: { unitPriceFen: PRICE, quantity: 4 } });
  });
});
