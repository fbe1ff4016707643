import { ok, type HttpResult } from '../../core/http/responses';
import type { CountySalesReport } from '../domain/aggregate';
import { countySalesCsv } from '../domain/csv';
import { countySalesHtml } from '../domain/html';
import type { MonthExtras, MonthlyCountySalesReport } from '../domain/month-report';
import type { ReportFormat } from '../schemas';

export const HTML_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
  'x-content-type-options': 'nosniff',
};

export const csvHeaders = (filename: string) => ({ 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${filename}"` });

/** A county report (day or month) as json, csv or html. */
export function representReport(report: CountySalesReport | MonthlyCountySalesReport, format: ReportFormat, csvName: string, month?: MonthExtras): HttpResult {
  if (format === 'json') return ok(report);
  if (format === 'csv') return ok(countySalesCsv(report), csvHeaders(csvName));
  return ok(countySalesHtml(report, month ? { month } : {}), HTML_HEADERS);
}
