import { describe, expect, it } from 'vitest';
import { villagesOfCounty } from '../../../lambdas/core/villages/lookup';
import { IDEMPOTENCY_KEY_PATTERN } from '../../../lambdas/orders/domain/idempotency';
import { shanghaiDay } from '../../../lambdas/reports/domain/business-day';
import { TAOBAO_RULES, villageStatus, type SellerDayAggregate } from '../../../lambdas/reports/domain/villages';
import { paidAtFor } from '../../../scripts/seed/payments';
import { CAO_COUNTY, DINGLOU, planVillageStory, storyMonths, ZHANGZHUANG } from '../../../scripts/seed/villages-story';

type Story = ReturnType<typeof planVillageStory>;

/** What the daily runs would write for the story: per seller and paid day (the seed pays 3 minutes after placing). */
function aggregates(story: Story, NOW: number): SellerDayAggregate[] {
  const days = new Map<string, SellerDayAggregate>();
  for (const order of story.orders) {
    const day = shanghaiDay(paidAtFor(order.at, NOW));
    const key = `${order.seller.sellerId}|${day}`;
    const sum = days.get(key) ?? { sellerId: order.seller.sellerId, day, orders: 0, units: 0, gmvFen: 0 };
    const units = order.lines.reduce((n, line) => n + line.quantity, 0);
    const gmvFen = order.lines.reduce((n, line) => n + line.quantity * order.seller.products[line.product]!.priceFen, 0);
    days.set(key, { ...sum, orders: sum.orders + 1, units: sum.units + units, gmvFen: sum.gmvFen + gmvFen });
  }
  return [...days.values()];
}

// Whatever day the seed runs: the story's months differ in length (a leap February among them) and start anywhere in the year.
describe.each([
  ['2026-11-30T07:00:00Z', '2025-11'],
  ['2028-03-01T00:30:00Z', '2027-03'],
  ['2027-07-31T15:59:00Z', '2026-07'],
])('the Taobao Village story (npm run seed -- --months 12), run at %s', async (nowIso, firstMonth) => {
  const NOW = Date.parse(nowIso);
  const months = storyMonths(12, NOW);
  const story = planVillageStory(months, NOW - 60_000);
  const villages = await villagesOfCounty(CAO_COUNTY);
  const days = aggregates(story, NOW);
  const status = months.map((month) => ({ month, ...villageStatus({ month, villages, sellers: story.shops, days }) }));
  const row = (code: string) => status.map((s) => ({ month: s.month, ...s.villages.find((v) => v.villageCode === code)! }));

  it('covers the 12 whole months before today, with valid keys, no order in the future and none before its shop opened', () => {
    expect(months).toHaveLength(12);
    expect(months[0]).toBe(firstMonth);
    expect(months.at(-1)! < shanghaiDay(nowIso).slice(0, 7)).toBe(true);
    expect(new Set(story.orders.map((order) => order.key)).size).toBe(story.orders.length);
    expect(story.orders.every((order) => IDEMPOTENCY_KEY_PATTERN.test(order.key) && Date.parse(order.at) < NOW)).toBe(true);
    const opened = new Map(story.shops.map((shop) => [shop.sellerId, Date.parse(shop.createdAt)]));
    expect(story.orders.every((order) => Date.parse(order.at) > opened.get(order.seller.sellerId)!)).toBe(true);
    expect(planVillageStory(months, NOW - 60_000)).toEqual(story);
  });

  it('张庄村 becomes a Taobao Village partway through the year and stays one', () => {
    const zhangzhuang = row(ZHANGZHUANG);
    const first = zhangzhuang.findIndex((r) => r.taobaoVillage);
    expect(first).toBeGreaterThanOrEqual(4);
    expect(first).toBeLessThanOrEqual(9);
    expect(zhangzhuang.slice(first).every((r) => r.taobaoVillage)).toBe(true);
    expect(zhangzhuang[0]!.villageName).toBe('张庄村民委员会');
  });

  it('丁楼村 next door has its hundred active shops but ends the year just short on sales', () => {
    const dinglou = row(DINGLOU);
    expect(dinglou.every((r) => !r.taobaoVillage)).toBe(true);
    const last = dinglou.at(-1)!;
    expect(last.activeShops).toBeGreaterThanOrEqual(TAOBAO_RULES.villageActiveShops);
    expect(last.gmvFen).toBeGreaterThanOrEqual(0.95 * TAOBAO_RULES.villageGmvFen);
    expect(last.gmvFen).toBeLessThan(TAOBAO_RULES.villageGmvFen);
  });

  it('prints the months (for the note)', () => {
    const table = status.map((s) => {
      const z = s.villages.find((v) => v.villageCode === ZHANGZHUANG)!;
      const d = s.villages.find((v) => v.villageCode === DINGLOU)!;
      return `${s.month} 张庄 ¥${(z.gmvFen / 100).toFixed(0)} ${z.activeShops} ${z.taobaoVillage} | 丁楼 ¥${(d.gmvFen / 100).toFixed(0)} ${d.activeShops} ${d.taobaoVillage}`;
    });
    console.log(`${story.shops.length} shops, ${story.orders.length} orders\n${table.join('\n')}`);
    expect(table).toHaveLength(12);
  });
});

it('without --months the seed has no village story (the daily story alone)', () => {
  expect(planVillageStory(storyMonths(0, Date.parse('2026-11-30T07:00:00Z')), Date.parse('2026-11-30T07:00:00Z'))).toEqual({ months: [], shops: [], orders: [] });
});
