import { findProvince } from '../../core/counties';
import { countyNames, type CountySalesRow, type CountySalesTotals } from './aggregate';
import { REPORT_TIMEZONE } from './business-day';
import type { CountyDay } from './day-aggregates';
import type { ProvinceTotals } from './stored-report';

/** A month's county report: the shape of a day's, with `month` instead of `date`. */
export interface MonthlyCountySalesReport {
  month: string;
  timezone: typeof REPORT_TIMEZONE;
  generatedAt: string;
  rows: CountySalesRow[];
  totals: CountySalesTotals;
}

/** What the month's page adds: each day's GMV and each county's GMV in the month before. */
export interface MonthExtras {
  dailyGmv: { date: string; gmvFen: number }[];
  previousMonth: string;
  previousGmv: { countyCode: string; gmvFen: number }[];
}

/** month report.json: the report, per-province totals (distinct counts cannot be summed) and the page's extras. */
export interface StoredMonthlyReport extends MonthlyCountySalesReport, MonthExtras {
  provinceTotals: ProvinceTotals[];
}

interface Tally {
  orders: number;
  units: number;
  gmvFen: number;
  buyers: Set<string>;
  sellers: Set<string>;
}

const emptyTally = (): Tally => ({ orders: 0, units: 0, gmvFen: 0, buyers: new Set(), sellers: new Set() });

function add(tally: Tally, day: CountyDay): void {
  tally.orders += day.orders;
  tally.units += day.units;
  tally.gmvFen += day.gmvFen;
  for (const id of day.buyerIds) tally.buyers.add(id);
  for (const id of day.sellerIds) tally.sellers.add(id);
}

const counts = (t: Tally): CountySalesTotals => ({ orders: t.orders, units: t.units, gmvFen: t.gmvFen, buyers: t.buyers.size, sellers: t.sellers.size });
const byGmv = <T extends { gmvFen: number }>(code: (row: T) => string) => (a: T, b: T) => b.gmvFen - a.gmvFen || (code(a) < code(b) ? -1 : code(a) > code(b) ? 1 : 0);

/**
 * The month's report from its county days (each carrying its day's distinct buyer and seller ids):
 * sums for orders, units and GMV; unions of ids for buyers and sellers, so they are exact over the
 * month, per county, per province and in total.
 */
export function buildMonthlyReport(
  input: { month: string; generatedAt: string; days: readonly CountyDay[]; previousMonth: string; previousDays: readonly CountyDay[] },
): StoredMonthlyReport {
  const inMonth = input.days.filter((day) => day.day.startsWith(`${input.month}-`));
  const byCounty = new Map<string, Tally>();
  const byProvince = new Map<string, Tally>();
  const total = emptyTally();
  const daily = new Map<string, number>();
  for (const day of inMonth) {
    for (const [map, key] of [[byCounty, day.countyCode], [byProvince, day.countyCode.slice(0, 2)]] as const) {
      let tally = map.get(key);
      if (!tally) map.set(key, (tally = emptyTally()));
      add(tally, day);
    }
    add(total, day);
    daily.set(day.day, (daily.get(day.day) ?? 0) + day.gmvFen);
  }
  const previous = new Map<string, number>();
  for (const day of input.previousDays) {
    if (day.day.startsWith(`${input.previousMonth}-`)) previous.set(day.countyCode, (previous.get(day.countyCode) ?? 0) + day.gmvFen);
  }
  return {
    month: input.month,
    timezone: REPORT_TIMEZONE,
    generatedAt: input.generatedAt,
    rows: [...byCounty].map(([countyCode, tally]) => ({ ...countyNames(countyCode), ...counts(tally) })).sort(byGmv((row) => row.countyCode)),
    totals: counts(total),
    provinceTotals: [...byProvince]
      .map(([provinceCode, tally]) => ({ provinceCode, provinceName: findProvince(provinceCode)?.provinceName ?? '未知', ...counts(tally) }))
      .sort(byGmv((row) => row.provinceCode)),
    dailyGmv: [...daily].map(([date, gmvFen]) => ({ date, gmvFen })).sort((a, b) => (a.date < b.date ? -1 : 1)),
    previousMonth: input.previousMonth,
    previousGmv: [...previous].map(([countyCode, gmvFen]) => ({ countyCode, gmvFen })).sort((a, b) => (a.countyCode < b.countyCode ? -1 : 1)),
  };
}

const ZERO: CountySalesTotals = { orders: 0, units: 0, gmvFen: 0, buyers: 0, sellers: 0 };

/** The month's report as the API serves it: all counties, or one province's with that province's totals. */
export function monthlyReportView(stored: StoredMonthlyReport, provinceCode?: string): MonthlyCountySalesReport {
  const { month, timezone, generatedAt, rows, totals, provinceTotals } = stored;
  if (provinceCode === undefined) return { month, timezone, generatedAt, rows, totals };
  const { orders, units, gmvFen, buyers, sellers } = provinceTotals.find((p) => p.provinceCode === provinceCode) ?? ZERO;
  return { month, timezone, generatedAt, rows: rows.filter((row) => row.provinceCode === provinceCode), totals: { orders, units, gmvFen, buyers, sellers } };
}
