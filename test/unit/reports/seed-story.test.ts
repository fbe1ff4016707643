import { describe, expect, it } from 'vitest';
import { isCountyCode } from '../../../lambdas/core/counties';
import { IDEMPOTENCY_KEY_PATTERN } from '../../../lambdas/orders/domain/idempotency';
import { shanghaiDay } from '../../../lambdas/reports/domain/business-day';
import { BUYERS, planDay, SELLERS } from '../../../scripts/seed/story';

const LATER = Date.parse('2030-01-01T00:00:00Z');

describe('seed story', () => {
  it('Heze sellers in real counties, Cao County’s Jianglou and Sunzhuang among them', () => {
    expect(SELLERS.every((seller) => isCountyCode(seller.countyCode) && seller.countyCode.startsWith('3717'))).toBe(true);
    expect(SELLERS.filter((seller) => seller.countyCode === '371721').map((seller) => seller.village)).toEqual(['江楼村 Jianglou', '孙庄村 Sunzhuang']);
    expect(new Set(BUYERS.map((buyer) => buyer.countyCode.slice(0, 2))).size).toBeGreaterThan(10);
    expect(BUYERS.every((buyer) => /^1[3-9]\d{9}$/.test(buyer.phone) && isCountyCode(buyer.countyCode))).toBe(true);
  });

  it('a day’s plan is the same every time (idempotent reruns), with valid Idempotency-Keys, all on that day', () => {
    const plan = planDay('2026-11-20', LATER);
    expect(planDay('2026-11-20', LATER)).toEqual(plan);
    expect(plan.length).toBeGreaterThan(20);
    expect(new Set(plan.map((order) => order.key)).size).toBe(plan.length);
    expect(plan.every((order) => IDEMPOTENCY_KEY_PATTERN.test(order.key) && shanghaiDay(order.at) === '2026-11-20')).toBe(true);
  });

  it('peaks after dinner (19:00–22:00 Shanghai), and a few orders are cancelled', () => {
    const month = Array.from({ length: 30 }, (_, i) => planDay(`2026-10-${String(i + 1).padStart(2, '0')}`, LATER)).flat();
    const shanghaiHour = (iso: string) => (new Date(iso).getUTCHours() + 8) % 24;
    const evening = month.filter((order) => shanghaiHour(order.at) >= 19 && shanghaiHour(order.at) < 22).length;
    const earlyMorning = month.filter((order) => shanghaiHour(order.at) >= 2 && shanghaiHour(order.at) < 5).length;
    expect(evening / month.length).toBeGreaterThan(0.25);
    expect(evening).toBeGreaterThan(10 * earlyMorning);
    const cancelled = month.filter((order) => order.cancel).length / month.length;
    expect(cancelled).toBeGreaterThan(0.01);
    expect(cancelled).toBeLessThan(0.1);
  });

  it('never plans an order in the future', () => {
    const cutoff = Date.parse('2026-11-20T12:00:00Z');
    expect(planDay('2026-11-20', cutoff).every((order) => Date.parse(order.at) < cutoff)).toBe(true);
  });
});
