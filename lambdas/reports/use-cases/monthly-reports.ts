import { findCounty } from '../../core/counties';
import { villagesOfCounty } from '../../core/villages/lookup';
import type { CountySalesTotals } from '../domain/aggregate';
import { countySalesCsv } from '../domain/csv';
import { countySalesHtml } from '../domain/html';
import { buildMonthlyReport, monthlyReportView, type MonthlyCountySalesReport } from '../domain/month-report';
import { villageReportCsv, villageReportHtml, villageReportView, type StoredVillageReport, type VillageReport } from '../domain/village-report';
import { addMonths, daysInMonth, villageStatus, villageWindow } from '../domain/villages';
import type { AggregateStore, MonthReportFiles, SellerProfiles, VillageReportFiles } from './ports';

export interface MonthlyDeps {
  aggregates: AggregateStore;
  monthFiles: MonthReportFiles;
  now(): Date;
}

export interface VillageDeps {
  aggregates: AggregateStore;
  profiles: SellerProfiles;
  villageFiles: VillageReportFiles;
  now(): Date;
}

export interface GeneratedMonthReport {
  month: string;
  generatedAt: string;
  counties: number;
  totals: CountySalesTotals;
  /** Aggregate items read (county-day chunks of the month and of the month before); no order is read. */
  itemsRead: number;
  /** The counties with sales in the month: the village status is made for each. */
  countyCodes: string[];
}

export function daysOfMonth(month: string): string[] {
  return Array.from({ length: daysInMonth(month) }, (_, i) => `${month}-${String(i + 1).padStart(2, '0')}`);
}

/**
 * The month's county report from the county-day aggregates alone: one Query per day of the month and
 * of the month before (for each county's change). Distinct buyers and sellers are unions of the
 * days' id sets, so they are exact over the month.
 */
export async function generateMonthlyCountyReport(deps: MonthlyDeps, month: string): Promise<GeneratedMonthReport> {
  const previousMonth = addMonths(month, -1);
  const [current, previous] = await Promise.all([deps.aggregates.countyDaysOf(daysOfMonth(month)), deps.aggregates.countyDaysOf(daysOfMonth(previousMonth))]);
  const generatedAt = deps.now().toISOString();
  const stored = buildMonthlyReport({ month, generatedAt, days: current.items, previousMonth, previousDays: previous.items });
  const view = monthlyReportView(stored);
  await deps.monthFiles.write(month, {
    json: `${JSON.stringify(stored, null, 2)}\n`,
    csv: countySalesCsv(view),
    html: countySalesHtml(view, { month: stored }),
  });
  return { month, generatedAt, counties: stored.rows.length, totals: stored.totals, itemsRead: current.itemsRead + previous.itemsRead, countyCodes: stored.rows.map((row) => row.countyCode) };
}

export interface GeneratedVillageReport {
  report: VillageReport;
  /** Seller-day aggregates read: at most one per seller per day with sales in the 12 months. */
  itemsRead: number;
  queries: number;
  profilesRead: number;
}

/**
 * One county's village and town status for the 12 months ending with `month`: the county's seller-day
 * aggregates of the window (one Query per day), the profiles of the sellers found there (BatchGetItem),
 * and the county's villages from the bundled lookup. Sellers without sales in the window have no GMV
 * and cannot be active, so no other profile is needed.
 */
export async function generateVillageReport(deps: VillageDeps, countyCode: string, month: string): Promise<GeneratedVillageReport> {
  const window = villageWindow(month);
  const days = window.months.flatMap(daysOfMonth);
  const sellerDays = await deps.aggregates.sellerDaysOf(countyCode, days);
  const sellerIds = [...new Set(sellerDays.items.map((day) => day.sellerId))];
  const [sellers, lookup] = await Promise.all([deps.profiles.profilesOf(sellerIds), villagesOfCounty(countyCode)]);
  const villages = lookup.map(({ villageCode, villageName, townCode, townName, committee }) => ({ villageCode, villageName, townCode, townName, committee }));
  const status = villageStatus({ month, villages, sellers, days: sellerDays.items });
  const stored: StoredVillageReport = {
    countyCode,
    countyName: findCounty(countyCode)?.countyName ?? `未知区县 ${countyCode}`,
    month,
    ...status,
    generatedAt: deps.now().toISOString(),
  };
  await deps.villageFiles.write(month, countyCode, {
    json: `${JSON.stringify(stored, null, 2)}\n`,
    csv: villageReportCsv(stored),
    html: villageReportHtml(stored),
  });
  return { report: villageReportView(stored), itemsRead: sellerDays.itemsRead, queries: sellerDays.queries, profilesRead: sellers.length };
}

/** What the monthly schedule runs: the month's county report, then the village status of every county with sales. */
export async function generateMonthlyReports(deps: MonthlyDeps & VillageDeps, month: string) {
  const county = await generateMonthlyCountyReport(deps, month);
  let villageItemsRead = 0;
  for (const countyCode of county.countyCodes) villageItemsRead += (await generateVillageReport(deps, countyCode, month)).itemsRead;
  return { ...county, villageReports: county.countyCodes.length, villageItemsRead };
}

export async function readMonthlyCountyReport(files: MonthReportFiles, month: string, provinceCode?: string): Promise<MonthlyCountySalesReport | undefined> {
  const stored = await files.read(month);
  return stored && monthlyReportView(stored, provinceCode);
}
