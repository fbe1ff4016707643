import type { ReportOrder } from '../domain/aggregate';
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
