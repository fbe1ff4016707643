import { describe, expect, it } from 'vitest';
import { DEFAULT_PIN_SECONDS, pinIsActive, planPin } from '../../../lambdas/catalog/domain/pins';
import type { ProductItem } from '../../../lambdas/catalog/model';

const product: ProductItem = {
  productId: 'P1',
  sellerId: 'zhang',
  title: '西瓜',
  unit: 'jin',
  priceFen: 1000,
  status: 'ACTIVE',
  stockShards: 8,
  createdAt: '2026-06-01T00:00:00.000Z',
  updatedAt: '2026-06-01T00:00:00.000Z',
};
const now = new Date('2026-06-01T08:00:00Z');

describe('planPin', () => {
  it('a plain pin has no flash fields and lasts the default window', () => {
    const plan = planPin({ productId: 'P1' }, product, 'PIN1', now);
    expect(plan).toEqual({
      ok: true,
      pin: {
        pinId: 'PIN1',
        sellerId: 'zhang',
        productId: 'P1',
        productTitle: '西瓜',
        flashPriceFen: null,
        flashStock: null,
        flashStockShards: 0,
        perBuyerLimit: null,
        startsAt: '2026-06-01T08:00:00.000Z',
        endsAt: new Date(now.getTime() + DEFAULT_PIN_SECONDS * 1000).toISOString(),
      },
    });
  });

  it('a flash pin records the product’s shard count, where its units are set aside', () => {
    const plan = planPin({ productId: 'P1', flashPriceFen: 500, flashStock: 40, perBuyerLimit: 2, durationSeconds: 60 }, product, 'PIN1', now);
    expect(plan.ok && plan.pin).toMatchObject({ flashPriceFen: 500, flashStock: 40, flashStockShards: 8, perBuyerLimit: 2, endsAt: '2026-06-01T08:01:00.000Z' });
  });

  it('a flash price must undercut the product price', () => {
    expect(planPin({ productId: 'P1', flashPriceFen: 1000, flashStock: 1 }, product, 'PIN1', now)).toEqual({ ok: false, reason: 'FLASH_PRICE_NOT_LOWER', priceFen: 1000 });
  });

  it('a pin is active inside its window only', () => {
    const window = { startsAt: '2026-06-01T08:00:00.000Z', endsAt: '2026-06-01T08:05:00.000Z' };
    expect(pinIsActive(window, new Date('2026-06-01T08:04:59Z'))).toBe(true);
    expect(pinIsActive(window, new Date('2026-06-01T08:05:00Z'))).toBe(false);
    expect(pinIsActive(window, new Date('2026-06-01T07:59:59Z'))).toBe(false);
  });
});
