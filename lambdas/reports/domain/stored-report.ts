import { findProvince } from '../../core/counties';
import {
  aggregateCountySales,
  type CountySalesReport,
  type CountySalesTotals,
  type ReportOrder,
} from './aggregate';

export interface ProvinceTotals extends CountySalesTotals {
  provinceCode: string;
  provinceName: string;
}

/**
 * What is stored as report.json: the report plus the totals of every province with sales. A
 * province's distinct buyers and sellers cannot be summed from its county rows (one buyer may buy
 * in two counties), so they are counted at generation, from the same orders as the report.
 */
export interface StoredCountySalesReport extends CountySalesReport {
  provinceTotals: ProvinceTotals[];
}

const ZERO: CountySalesTotals = { orders: 0, units: 0, gmvFen: 0, buyers: 0, sellers: 0 };

export function buildStoredReport(orders: readonly ReportOrder[], options: { date: string; generatedAt: string }): StoredCountySalesReport {
  const report = aggregateCountySales(orders, options);
  // Grouping by county keeps every copy of an order together: its seller's county never changes.
  const byProvince = new Map<string, ReportOrder[]>();
  for (const order of orders) {
    const provinceCode = order.sellerCountyCode.slice(0, 2);
    let group = byProvince.get(provinceCode);
    if (!group) byProvince.set(provinceCode, (group = []));
    group.push(order);
  }
  const provinceTotals = [...byProvince]
    .map(([provinceCode, group]) => ({
      provinceCode,
      provinceName: findProvince(provinceCode)?.provinceName ?? '未知',
      ...aggregateCountySales(group, { ...options, provinceCode }).totals,
    }))
    .filter((province) => province.orders > 0)
    .sort((a, b) => b.gmvFen - a.gmvFen || (a.provinceCode < b.provinceCode ? -1 : 1));
  return { ...report, provinceTotals };
}

/** The report as the API serves it: all counties, or one province's counties with that province's totals. */
export function reportView(stored: StoredCountySalesReport, provinceCode?: string): CountySalesReport {
  const { date, timezone, generatedAt, rows, totals, provinceTotals } = stored;
  if (provinceCode === undefined) return { date, timezone, generatedAt, rows, totals };
  const province = provinceTotals.find((entry) => entry.provinceCode === provinceCode);
  const { orders, units, gmvFen, buyers, sellers } = province ?? ZERO;
  return {
    date,
    timezone,
    generatedAt,
    rows: rows.filter((row) => row.provinceCode === provinceCode),
    totals: { orders, units, gmvFen, buyers, sellers },
  };
}
