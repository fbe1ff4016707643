import type { ReportOrder } from '../domain/aggregate';
import type { StoredMonthlyReport } from '../domain/month-report';
import type { StoredVillageReport } from '../domain/village-report';
import type { VillageSeller } from '../domain/villages';
import type { CountyDay, DayAggregates, SellerDay } from '../domain/day-aggregates';
import type { StoredCountySalesReport } from '../domain/stored-report';

export interface DayOrdersRead {
  orders: ReportOrder[];
  /** Index items read (every copy, before any de-duplication). */
  itemsRead: number;
  /** Read capacity units consumed, where the store reports them. */
  readUnits: number | undefined;
}

/** The orders of one Asia/Shanghai day, whatever their status. */
export interface DayOrders {
  ordersOfDay(date: string): Promise<DayOrdersRead>;
}

export interface ReportFileSet {
  json: string;
  csv: string;
  html: string;
}

export interface ReportFiles {
  /** Overwrites the day's files; report.json goes last, so a readable report.json means a complete set. */
  write(date: string, files: ReportFileSet): Promise<void>;
  read(date: string): Promise<StoredCountySalesReport | undefined>;
}

export interface AggregateReads<T> {
  items: T[];
  /** Items read from the table. */
  itemsRead: number;
  /** Query operations made (one per partition, before pagination). */
  queries: number;
}

/** The exact daily aggregates (lambdas/reports/model.ts): written by the daily run, read by the monthly run. */
export interface AggregateStore {
  /** Makes the stored aggregates of that day exactly these (sellers and counties no longer there are deleted). */
  replaceDay(aggregates: DayAggregates): Promise<void>;
  /** Every county's day record on these days: one Query per day. */
  countyDaysOf(days: readonly string[]): Promise<AggregateReads<CountyDay>>;
  /** One county's seller days on these days: one Query per day. */
  sellerDaysOf(countyCode: string, days: readonly string[]): Promise<AggregateReads<SellerDay>>;
}

export interface MonthReportFiles {
  write(month: string, files: ReportFileSet): Promise<void>;
  read(month: string): Promise<StoredMonthlyReport | undefined>;
}

export interface VillageReportFiles {
  write(month: string, countyCode: string, files: ReportFileSet): Promise<void>;
  read(month: string, countyCode: string): Promise<StoredVillageReport | undefined>;
}

/** Seller profiles as the village status needs them, by id (missing profiles are left out). */
export interface SellerProfiles {
  profilesOf(sellerIds: readonly string[]): Promise<VillageSeller[]>;
}
