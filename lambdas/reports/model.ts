/**
 * Where the reports capability reads and writes, for its store adapters and for CDK's grants. Pure.
 * The day index's key layout itself belongs to the orders model (lambdas/orders/model.ts).
 */
export const DAY_INDEX_NAME = 'gsi3';

/** Every report file lives under this prefix, inside the `reports/` prefix the grants allow. */
export const COUNTY_SALES_PREFIX = 'reports/county-sales/';

export type ReportFileFormat = 'json' | 'csv' | 'html';

export const reportKey = (date: string, format: ReportFileFormat) => `${COUNTY_SALES_PREFIX}${date}/report.${format}`;

/** The month's county report (`period` = YYYY-MM) sits beside the days, under the same prefix. */
export const VILLAGES_PREFIX = 'reports/villages/';
export const villageReportKey = (month: string, countyCode: string, format: ReportFileFormat) => `${VILLAGES_PREFIX}${month}/${countyCode}/report.${format}`;

/**
 * The reports table (lib/topology.ts `reports`): exact daily aggregates, written by the daily run and
 * read by the monthly run, which never reads an order.
 *
 * | item             | pk                               | sk                       |
 * | ---------------- | -------------------------------- | ------------------------ |
 * | seller day       | SELLERDAY#{countyCode}#{day}     | SELLER#{sellerId}        |
 * | county day chunk | COUNTYDAY#{day}                  | COUNTY#{countyCode}#{nn} |
 *
 * A county day's chunks carry its totals (chunk 00) and its distinct buyer and seller ids, at most
 * COUNTY_DAY_CHUNK_IDS of each per chunk, so an item stays far below 400 KB however busy the county.
 * They are also the day's manifest: the counties whose seller-day partitions hold that day's items.
 */
export const sellerDayPk = (countyCode: string, day: string) => `SELLERDAY#${countyCode}#${day}`;
export const sellerDaySk = (sellerId: string) => `SELLER#${sellerId}`;
export const countyDayPk = (day: string) => `COUNTYDAY#${day}`;
export const countyDaySk = (countyCode: string, chunk: number) => `COUNTY#${countyCode}#${String(chunk).padStart(2, '0')}`;
export const COUNTY_DAY_CHUNK_IDS = 2_000;
