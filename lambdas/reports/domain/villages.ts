import { shanghaiDay, shanghaiDayBoundsUtc } from './business-day';

/**
 * Village and town status (API.md, "Villages and towns (v1.1)"), after Aliresearch's rules, over the
 * 12 Asia/Shanghai calendar months that end with `month`. Pure: the monthly run reads the per-seller
 * daily aggregates of the window (the daily run writes them) and the county's sellers, and hands them
 * here with the county's villages (lambdas/core/villages/lookup.ts).
 *
 * Interpretations, where the rules leave room:
 * - **End of the month**: its last instant in Asia/Shanghai, i.e. the next month's first Shanghai
 *   midnight minus 1 ms (2025-02 ends at 2025-02-28T15:59:59.999Z).
 * - **30 days old**: the end of the month minus the profile's `createdAt` is at least 30 × 24 hours.
 *   A profile created at 2025-03-02T00:00:00.000+08:00 is exactly 30 days old at the end of March
 *   minus 1 ms, so it is not yet active in March; one created 1 ms earlier is.
 * - **The last 3 months**: `month` and the two calendar months before it.
 * - **Months of existence when younger**: the calendar months (Asia/Shanghai) among those 3 in which
 *   the profile existed for any part, counting its creation month as a whole month: 1, 2 or 3 (never 0
 *   for a 30-day-old profile). The seller is active when its paid orders in those months are at least
 *   their number (an average of at least one a month). Orders paid before `createdAt` (none in
 *   practice) are not excluded; orders in months before the creation month are outside the count.
 * - **Sales and shops** count towards the seller's current `villageCode`; a seller without one, or
 *   with a code that is not among the county's villages, counts towards neither villages nor towns.
 *   GMV counts every seller of the village, active or not, whatever the age of its profile.
 * - **Towns** add up all their villages and communities (residents' committees' sales and shops
 *   count towards the town; only Taobao Villages are restricted to village committees).
 * - **Every village** of the county is listed, with zeros when it has no seller.
 */

export type Committee = 'village' | 'residents';

/** What the daily run writes: one seller's paid orders on one Asia/Shanghai day (by `paidAt`). */
export interface SellerDayAggregate {
  sellerId: string;
  /** YYYY-MM-DD, the Asia/Shanghai calendar day of the orders' `paidAt`. */
  day: string;
  orders: number;
  units: number;
  gmvFen: number;
}

/** One seller's sums over one calendar month, rolled up from its days. */
export interface SellerMonth {
  orders: number;
  units: number;
  gmvFen: number;
}

export interface VillageSeller {
  sellerId: string;
  villageCode?: string | undefined;
  /** The profile's createdAt (ISO-8601 UTC). */
  createdAt: string;
}

export interface CountyVillage {
  villageCode: string;
  villageName: string;
  townCode: string;
  townName: string;
  committee: Committee;
}

export interface VillageStatus extends CountyVillage {
  gmvFen: number;
  activeShops: number;
  taobaoVillage: boolean;
}

export interface TownStatus {
  townCode: string;
  townName: string;
  taobaoVillages: number;
  gmvFen: number;
  activeShops: number;
  taobaoTown: boolean;
}

export interface TaobaoRules {
  villageGmvFen: number;
  villageActiveShops: number;
  townTaobaoVillages: number;
  townGmvFen: number;
  townActiveShops: number;
  activeShopMinAgeMs: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Aliresearch's thresholds, as API.md states them. */
export const TAOBAO_RULES: TaobaoRules = {
  villageGmvFen: 1_000_000_000,
  villageActiveShops: 100,
  townTaobaoVillages: 3,
  townGmvFen: 3_000_000_000,
  townActiveShops: 300,
  activeShopMinAgeMs: 30 * DAY_MS,
};

const MONTH = /^(\d{4})-(\d{2})$/;

function parseMonth(month: string): { year: number; month: number } {
  const match = MONTH.exec(month);
  const [year, number] = match ? [Number(match[1]), Number(match[2])] : [Number.NaN, Number.NaN];
  if (!match || number < 1 || number > 12 || year < 1992) throw new RangeError(`Not a month (YYYY-MM): ${month}`);
  return { year, month: number };
}

/** The month `offset` months after `month` (negative: before). */
export function addMonths(month: string, offset: number): string {
  const parsed = parseMonth(month);
  const index = parsed.year * 12 + (parsed.month - 1) + offset;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

export function daysInMonth(month: string): number {
  const { year, month: number } = parseMonth(month);
  return new Date(Date.UTC(year, number, 0)).getUTCDate();
}

/** The month's last instant in Asia/Shanghai, as epoch ms. */
export function monthEndMs(month: string): number {
  return Date.parse(shanghaiDayBoundsUtc(`${addMonths(month, 1)}-01`).fromIso) - 1;
}

export interface VillageWindow {
  /** The 12 months, oldest first; the last is `month`. */
  months: string[];
  /** First and last Asia/Shanghai day of the window (inclusive). */
  from: string;
  to: string;
}

export function villageWindow(month: string): VillageWindow {
  const months = Array.from({ length: 12 }, (_, i) => addMonths(month, i - 11));
  return { months, from: `${months[0]}-01`, to: `${month}-${String(daysInMonth(month)).padStart(2, '0')}` };
}

/** Per seller, per month ('YYYY-MM'): the days' sums. Days outside the window are left out. */
export function rollUpMonths(days: readonly SellerDayAggregate[], window: VillageWindow): Map<string, Map<string, SellerMonth>> {
  const sellers = new Map<string, Map<string, SellerMonth>>();
  for (const day of days) {
    if (day.day < window.from || day.day > window.to) continue;
    const months = sellers.get(day.sellerId) ?? new Map<string, SellerMonth>();
    sellers.set(day.sellerId, months);
    const key = day.day.slice(0, 7);
    const sum = months.get(key) ?? { orders: 0, units: 0, gmvFen: 0 };
    months.set(key, { orders: sum.orders + day.orders, units: sum.units + day.units, gmvFen: sum.gmvFen + day.gmvFen });
  }
  return sellers;
}

/** Whether a seller counts as an active shop in `month` (see the interpretations above). */
export function isActiveShop(seller: VillageSeller, months: ReadonlyMap<string, SellerMonth> | undefined, month: string, rules: TaobaoRules = TAOBAO_RULES): boolean {
  if (monthEndMs(month) - Date.parse(seller.createdAt) < rules.activeShopMinAgeMs) return false;
  const createdMonth = shanghaiDay(seller.createdAt).slice(0, 7);
  const lastThree = [addMonths(month, -2), addMonths(month, -1), month].filter((m) => m >= createdMonth);
  const orders = lastThree.reduce((sum, m) => sum + (months?.get(m)?.orders ?? 0), 0);
  return orders >= lastThree.length;
}

export interface VillageStatusReport {
  from: string;
  to: string;
  villages: VillageStatus[];
  towns: TownStatus[];
}

const byGmvThenCode = <T extends { gmvFen: number }>(code: (row: T) => string) => (a: T, b: T) =>
  b.gmvFen - a.gmvFen || (code(a) < code(b) ? -1 : code(a) > code(b) ? 1 : 0);

/** Villages and towns of one county for `month`, from its sellers' daily aggregates. */
export function villageStatus(
  input: { month: string; villages: readonly CountyVillage[]; sellers: readonly VillageSeller[]; days: readonly SellerDayAggregate[] },
  rules: TaobaoRules = TAOBAO_RULES,
): VillageStatusReport {
  const window = villageWindow(input.month);
  const monthly = rollUpMonths(input.days, window);
  const rows = new Map(input.villages.map((v) => [v.villageCode, { ...v, gmvFen: 0, activeShops: 0, taobaoVillage: false }]));
  for (const seller of input.sellers) {
    const row = seller.villageCode === undefined ? undefined : rows.get(seller.villageCode);
    if (!row) continue;
    const months = monthly.get(seller.sellerId);
    for (const sum of months?.values() ?? []) row.gmvFen += sum.gmvFen;
    if (isActiveShop(seller, months, input.month, rules)) row.activeShops += 1;
  }
  const villages = [...rows.values()].map((row) => ({
    ...row,
    taobaoVillage: row.committee === 'village' && row.gmvFen >= rules.villageGmvFen && row.activeShops >= rules.villageActiveShops,
  }));
  const towns = new Map<string, TownStatus>();
  for (const v of villages) {
    const town = towns.get(v.townCode) ?? { townCode: v.townCode, townName: v.townName, taobaoVillages: 0, gmvFen: 0, activeShops: 0, taobaoTown: false };
    towns.set(v.townCode, { ...town, taobaoVillages: town.taobaoVillages + (v.taobaoVillage ? 1 : 0), gmvFen: town.gmvFen + v.gmvFen, activeShops: town.activeShops + v.activeShops });
  }
  return {
    from: window.from,
    to: window.to,
    villages: villages.sort(byGmvThenCode((v) => v.villageCode)),
    towns: [...towns.values()]
      .map((t) => ({
        ...t,
        taobaoTown: t.taobaoVillages >= rules.townTaobaoVillages || (t.gmvFen >= rules.townGmvFen && t.activeShops >= rules.townActiveShops),
      }))
      .sort(byGmvThenCode((t) => t.townCode)),
  };
}

/** The daily run's aggregation of one day's paid orders (Asia/Shanghai day of `paidAt`), per seller. */
export function sellerDayAggregates(orders: readonly { sellerId: string; paidAt: string; units: number; totalFen: number }[]): SellerDayAggregate[] {
  const sums = new Map<string, SellerDayAggregate>();
  for (const order of orders) {
    const day = shanghaiDay(order.paidAt);
    const key = `${order.sellerId}\u0000${day}`;
    const sum = sums.get(key) ?? { sellerId: order.sellerId, day, orders: 0, units: 0, gmvFen: 0 };
    sums.set(key, { ...sum, orders: sum.orders + 1, units: sum.units + order.units, gmvFen: sum.gmvFen + order.totalFen });
  }
  return [...sums.values()];
}
