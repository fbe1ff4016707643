/**
 * Where the reports capability reads and writes, for its store adapters and for CDK's grants. Pure.
 * The day index's key layout itself belongs to the orders model (lambdas/orders/model.ts).
 */
export const DAY_INDEX_NAME = 'gsi3';

/** Every report file lives under this prefix, inside the `reports/` prefix the grants allow. */
export const COUNTY_SALES_PREFIX = 'reports/county-sales/';

export type ReportFileFormat = 'json' | 'csv' | 'html';

export const reportKey = (date: string, format: ReportFileFormat) => `${COUNTY_SALES_PREFIX}${date}/report.${format}`;
