import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  TAOBAO_RULES,
  daysInMonth,
  monthEndMs,
  sellerDayAggregates,
  villageStatus,
  villageWindow,
  type CountyVillage,
  type TaobaoRules,
  type VillageSeller,
} from '../../../lambdas/reports/domain/villages';

const DAY = 86_400_000;

interface RawOrder {
  sellerId: string;
  paidAt: string;
  units: number;
  totalFen: number;
}

// ---- The independent computation: raw orders, Intl for the Shanghai calendar, no aggregates. ----
const shanghaiDate = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });
const shanghaiMonthOf = (iso: string) => shanghaiDate.format(new Date(iso)).slice(0, 7);

function monthsBack(month: string, count: number): string[] {
  const [year, number] = month.split('-').map(Number) as [number, number];
  return Array.from({ length: count }, (_, i) => {
    const d = new Date(Date.UTC(year, number - 1 - i, 1));
    return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
  });
}

function referenceStatus(month: string, villages: readonly CountyVillage[], sellers: readonly VillageSeller[], orders: readonly RawOrder[], rules: TaobaoRules) {
  const window = monthsBack(month, 12);
  const lastThree = monthsBack(month, 3);
  const [year, number] = month.split('-').map(Number) as [number, number];
  const next = new Date(Date.UTC(year, number, 1)).toISOString().slice(0, 7);
  const end = Date.parse(`${next}-01T00:00:00+08:00`) - 1;
  const villageRows = villages.map((v) => {
    const members = sellers.filter((s) => s.villageCode === v.villageCode);
    let gmvFen = 0;
    let activeShops = 0;
    for (const seller of members) {
      const own = orders.filter((o) => o.sellerId === seller.sellerId);
      gmvFen += own.filter((o) => window.includes(shanghaiMonthOf(o.paidAt))).reduce((sum, o) => sum + o.totalFen, 0);
      const oldEnough = end - Date.parse(seller.createdAt) >= 30 * DAY;
      const existed = lastThree.filter((m) => m >= shanghaiMonthOf(seller.createdAt));
      const recentOrders = own.filter((o) => existed.includes(shanghaiMonthOf(o.paidAt))).length;
      if (oldEnough && recentOrders / existed.length >= 1) activeShops += 1;
    }
    const taobaoVillage = v.committee === 'village' && gmvFen >= rules.villageGmvFen && activeShops >= rules.villageActiveShops;
    return { ...v, gmvFen, activeShops, taobaoVillage };
  });
  const towns = [...new Set(villages.map((v) => v.townCode))].map((townCode) => {
    const own = villageRows.filter((v) => v.townCode === townCode);
    const gmvFen = own.reduce((sum, v) => sum + v.gmvFen, 0);
    const activeShops = own.reduce((sum, v) => sum + v.activeShops, 0);
    const taobaoVillages = own.filter((v) => v.taobaoVillage).length;
    const taobaoTown = taobaoVillages >= rules.townTaobaoVillages || (gmvFen >= rules.townGmvFen && activeShops >= rules.townActiveShops);
    return { townCode, townName: own[0]!.townName, taobaoVillages, gmvFen, activeShops, taobaoTown };
  });
  const sort = <T extends { gmvFen: number }>(rows: T[], code: (r: T) => string) => rows.sort((a, b) => b.gmvFen - a.gmvFen || code(a).localeCompare(code(b)));
  return { villages: sort(villageRows, (v) => v.villageCode), towns: sort(towns, (t) => t.townCode) };
}

// ---- Generators: months of every length, instants on Shanghai midnights, profiles 29–30 days old. ----
const months = fc.oneof(
  fc.constantFrom('2024-02', '2025-02', '2025-03', '2025-04', '2025-12', '2026-01'),
  fc.record({ year: fc.integer({ min: 2020, max: 2030 }), month: fc.integer({ min: 1, max: 12 }) }).map(({ year, month }) => `${year}-${String(month).padStart(2, '0')}`),
);

const countyVillages: CountyVillage[] = [
  { villageCode: '371721121211', villageName: '张庄村民委员会', townCode: '371721121', townName: '大集镇', committee: 'village' },
  { villageCode: '371721121212', villageName: '丁楼村民委员会', townCode: '371721121', townName: '大集镇', committee: 'village' },
  { villageCode: '371721121001', villageName: '大集社区居委会', townCode: '371721121', townName: '大集镇', committee: 'residents' },
  { villageCode: '371721101201', villageName: '王庄村民委员会', townCode: '371721101', townName: '庄寨镇', committee: 'village' },
  { villageCode: '371721101202', villageName: '李庄村民委员会', townCode: '371721101', townName: '庄寨镇', committee: 'village' },
];

/** An instant near a boundary of `month`'s window: Shanghai midnights (±1 ms), month ends, anywhere. */
function instantNear(month: string) {
  const window = villageWindow(month);
  const boundaries = [
    ...window.months.map((m) => Date.parse(`${m}-01T00:00:00+08:00`)),
    monthEndMs(month) + 1,
    Date.parse(`${window.months[0]}-01T00:00:00+08:00`) - DAY,
  ];
  return fc.oneof(
    fc.tuple(fc.constantFrom(...boundaries), fc.constantFrom(-1, 0, 1, 12 * 3_600_000)).map(([at, shift]) => at + shift),
    fc.integer({ min: boundaries[0]! - 40 * DAY, max: monthEndMs(month) + 20 * DAY }),
  );
}

/** A profile age at the end of the month around 30 days (29 days, 30 days − 1 ms, exactly 30…), or older. */
function createdAtFor(month: string) {
  const end = monthEndMs(month);
  return fc
    .oneof(
      fc.constantFrom(29 * DAY, 30 * DAY - 1, 30 * DAY, 30 * DAY + 1, 31 * DAY, 59 * DAY, 61 * DAY, 90 * DAY),
      fc.integer({ min: 0, max: 400 * DAY }),
    )
    .map((age) => new Date(end - age).toISOString());
}

const scenario = months.chain((month) =>
  fc
    .array(
      fc.record({
        villageCode: fc.option(fc.constantFrom(...countyVillages.map((v) => v.villageCode), '371721999999'), { nil: undefined }),
        createdAt: createdAtFor(month),
        orders: fc.array(fc.record({ at: instantNear(month), units: fc.integer({ min: 1, max: 5 }), totalFen: fc.integer({ min: 1, max: 500 }) }), { maxLength: 12 }),
      }),
      { maxLength: 14 },
    )
    .chain((sellerSpecs) => {
      const sellers: VillageSeller[] = sellerSpecs.map((s, i) => ({ sellerId: `s${i}`, villageCode: s.villageCode, createdAt: s.createdAt }));
      const orders: RawOrder[] = sellerSpecs.flatMap((s, i) => s.orders.map((o) => ({ sellerId: `s${i}`, paidAt: new Date(o.at).toISOString(), units: o.units, totalFen: o.totalFen })));
      // Thresholds at, just above and just below what a village and a town actually reach.
      const loose: TaobaoRules = { ...TAOBAO_RULES, villageGmvFen: 1, villageActiveShops: 1, townTaobaoVillages: 1, townGmvFen: 1, townActiveShops: 1 };
      const reached = referenceStatus(month, countyVillages, sellers, orders, loose);
      const nudge = fc.constantFrom(-1, 0, 1);
      return fc
        .record({
          village: fc.constantFrom(...reached.villages),
          town: fc.constantFrom(...reached.towns),
          gmv: nudge,
          shops: nudge,
          townVillages: fc.constantFrom(0, 1, 2, 3),
          townGmv: nudge,
          townShops: nudge,
        })
        .map((pick) => ({
          month,
          sellers,
          orders,
          rules: {
            ...TAOBAO_RULES,
            villageGmvFen: Math.max(1, pick.village.gmvFen + pick.gmv),
            villageActiveShops: Math.max(1, pick.village.activeShops + pick.shops),
            townTaobaoVillages: pick.townVillages,
            townGmvFen: Math.max(1, pick.town.gmvFen + pick.townGmv),
            townActiveShops: Math.max(1, pick.town.activeShops + pick.townShops),
          } satisfies TaobaoRules,
        }));
    }),
);

describe('village and town status', () => {
  it('equals an independent computation from the raw orders (thresholds at/above/below, profiles 29–30 days old, months of 28–31 days, Shanghai midnights)', () => {
    fc.assert(
      fc.property(scenario, ({ month, sellers, orders, rules }) => {
        const report = villageStatus({ month, villages: countyVillages, sellers, days: sellerDayAggregates(orders) }, rules);
        const expected = referenceStatus(month, countyVillages, sellers, orders, rules);
        expect(report.villages).toEqual(expected.villages);
        expect(report.towns).toEqual(expected.towns);
      }),
      { numRuns: 400 },
    );
  });

  it.each([
    ['2024-02', '2023-03-01', '2024-02-29', 29],
    ['2025-02', '2024-03-01', '2025-02-28', 28],
    ['2025-04', '2024-05-01', '2025-04-30', 30],
    ['2025-12', '2025-01-01', '2025-12-31', 31],
  ])('the window of %s runs from %s to %s (a %i-day last month)', (month, from, to, days) => {
    expect(villageWindow(month)).toMatchObject({ from, to });
    expect(villageWindow(month).months).toHaveLength(12);
    expect(daysInMonth(month)).toBe(days);
  });

  it("ends a month at its last Shanghai instant (2025-02 → 2025-02-28T15:59:59.999Z)", () => {
    expect(new Date(monthEndMs('2025-02')).toISOString()).toBe('2025-02-28T15:59:59.999Z');
  });

  describe("Aliresearch's thresholds, as API.md states them", () => {
    const month = '2025-06';
    const end = monthEndMs(month);
    /** `shops` sellers of a village, each 60 days old with one order in each of the last 3 months, sharing `gmvFen`. */
    function village(villageCode: string, shops: number, gmvFen: number) {
      const sellers: VillageSeller[] = Array.from({ length: shops }, (_, i) => ({ sellerId: `${villageCode}-${i}`, villageCode, createdAt: new Date(end - 60 * DAY).toISOString() }));
      const orders: RawOrder[] = sellers.flatMap((s, i) =>
        ['2025-04-10', '2025-05-10', '2025-06-10'].map((day, k) => ({
          sellerId: s.sellerId,
          paidAt: `${day}T04:00:00.000Z`,
          units: 1,
          totalFen: i === 0 && k === 0 ? gmvFen - (3 * shops - 1) : 1,
        })),
      );
      return { sellers, orders };
    }
    const status = (parts: { sellers: VillageSeller[]; orders: RawOrder[] }[]) =>
      villageStatus({ month, villages: countyVillages, sellers: parts.flatMap((p) => p.sellers), days: sellerDayAggregates(parts.flatMap((p) => p.orders)) });
    const row = (report: ReturnType<typeof status>, code: string) => report.villages.find((v) => v.villageCode === code)!;

    it('a village committee with exactly 1,000,000,000 fen and 100 active shops is a Taobao Village; 1 fen or 1 shop less is not', () => {
      expect(row(status([village('371721121211', 100, 1_000_000_000)]), '371721121211')).toMatchObject({ gmvFen: 1_000_000_000, activeShops: 100, taobaoVillage: true });
      expect(row(status([village('371721121211', 100, 999_999_999)]), '371721121211').taobaoVillage).toBe(false);
      expect(row(status([village('371721121211', 99, 1_000_000_000)]), '371721121211')).toMatchObject({ activeShops: 99, taobaoVillage: false });
    });

    it("a residents' committee never qualifies", () => {
      expect(row(status([village('371721121001', 150, 2_000_000_000)]), '371721121001')).toMatchObject({ committee: 'residents', activeShops: 150, taobaoVillage: false });
    });

    it('a town with 3 Taobao Villages is a Taobao Town; with 2 it needs 3,000,000,000 fen and 300 active shops', () => {
      const three = status([village('371721121211', 100, 1e9), village('371721121212', 100, 1e9), village('371721101201', 100, 1e9), village('371721101202', 100, 1e9)]);
      expect(three.towns.find((t) => t.townCode === '371721101')).toMatchObject({ taobaoVillages: 2, gmvFen: 2e9, activeShops: 200, taobaoTown: false });
      const daji = status([village('371721121211', 100, 1e9), village('371721121212', 100, 1e9), village('371721121001', 100, 1e9)]);
      expect(daji.towns.find((t) => t.townCode === '371721121')).toMatchObject({ taobaoVillages: 2, gmvFen: 3e9, activeShops: 300, taobaoTown: true });
      const short = status([village('371721121211', 100, 1e9), village('371721121212', 100, 1e9), village('371721121001', 99, 1e9)]);
      expect(short.towns.find((t) => t.townCode === '371721121')).toMatchObject({ activeShops: 299, taobaoTown: false });
    });
  });

  it('a seller 30 days old at the end of the month is active with one order; at 30 days less 1 ms it is not', () => {
    const month = '2025-03';
    const order = { sellerId: 's', paidAt: '2025-03-10T04:00:00.000Z', units: 1, totalFen: 100 };
    const at = (createdAt: string) =>
      villageStatus({ month, villages: countyVillages, sellers: [{ sellerId: 's', villageCode: '371721121211', createdAt }], days: sellerDayAggregates([order]) }).villages.find(
        (v) => v.villageCode === '371721121211',
      )!.activeShops;
    expect(at('2025-03-01T15:59:59.999Z')).toBe(1); // 2025-03-01T23:59:59.999+08:00: exactly 30 days
    expect(at('2025-03-01T16:00:00.000Z')).toBe(0); // Shanghai midnight of 03-02: 30 days less 1 ms
    // Created in February, 2 months of existence: one order over 2 months averages 0.5.
    expect(at('2025-02-20T00:00:00.000Z')).toBe(0);
  });
});
