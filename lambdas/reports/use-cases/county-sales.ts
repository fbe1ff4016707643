import type { CountySalesReport, CountySalesTotals } from '../domain/aggregate';
import { countySalesCsv } from '../domain/csv';
import { countySalesHtml } from '../domain/html';
import { buildStoredReport, reportView } from '../domain/stored-report';
import { dayAggregates } from '../domain/day-aggregates';
import type { AggregateStore, DayOrders, ReportFiles } from './ports';

export interface GenerateDeps {
  orders: DayOrders;
  files: ReportFiles;
  aggregates: AggregateStore;
  now(): Date;
}

export interface GeneratedReport {
  date: string;
  generatedAt: string;
  counties: number;
  totals: CountySalesTotals;
  itemsRead: number;
  readUnits: number | undefined;
}

/**
 * Builds a day's report from the orders as they are now and overwrites its files. Nothing is
 * accumulated between runs, so a re-run gives the same numbers for the same orders, and a
 * cancellation made since the last run lowers them. The day's per-seller and per-county aggregates,
 * which the monthly run reads instead of orders, are replaced from the same orders in the same way.
 */
export async function generateCountySalesReport(deps: GenerateDeps, date: string): Promise<GeneratedReport> {
  const { orders, itemsRead, readUnits } = await deps.orders.ordersOfDay(date);
  const generatedAt = deps.now().toISOString();
  const stored = buildStoredReport(orders, { date, generatedAt });
  const view = reportView(stored);
  await deps.aggregates.replaceDay(dayAggregates(orders, date));
  await deps.files.write(date, {
    json: `${JSON.stringify(stored, null, 2)}\n`,
    csv: countySalesCsv(view),
    html: countySalesHtml(view),
  });
  return { date, generatedAt, counties: stored.rows.length, totals: stored.totals, itemsRead, readUnits };
}

/** A generated report, for all counties or one province; undefined when that day was never generated. */
export async function readCountySalesReport(files: ReportFiles, date: string, provinceCode?: string): Promise<CountySalesReport | undefined> {
  const stored = await files.read(date);
  return stored && reportView(stored, provinceCode);
}
