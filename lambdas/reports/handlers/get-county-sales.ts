import { z } from 'zod';
import { readEnv } from '../../core/env';
import { notFound } from '../../core/errors';
import { httpHandler } from '../../core/http/handler';
import { ok, type HttpResult } from '../../core/http/responses';
import type { CountySalesReport } from '../domain/aggregate';
import { countySalesCsv } from '../domain/csv';
import { countySalesHtml } from '../domain/html';
import { getCountySalesRoute } from '../routes';
import type { ReportFormat } from '../schemas';
import { createReportFiles } from '../store/report-files';
import { readCountySalesReport } from '../use-cases/county-sales';
import type { ReportFiles } from '../use-cases/ports';

function represent(report: CountySalesReport, format: ReportFormat, provinceCode: string | undefined): HttpResult {
  if (format === 'json') return ok(report);
  if (format === 'csv') {
    const name = `county-sales-${report.date}${provinceCode ? `-${provinceCode}` : ''}.csv`;
    return ok(countySalesCsv(report), { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${name}"` });
  }
  return ok(countySalesHtml(report), {
    'content-type': 'text/html; charset=utf-8',
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
    'x-content-type-options': 'nosniff',
  });
}

export function createHandler(files: ReportFiles) {
  return httpHandler(getCountySalesRoute, async ({ query }) => {
    const report = await readCountySalesReport(files, query.date, query.provinceCode);
    if (!report) throw notFound(`County sales report for ${query.date}`);
    return represent(report, query.format, query.provinceCode);
  });
}

const env = readEnv({ REPORTS_BUCKET: z.string().min(1) });

export const handler = createHandler(createReportFiles({ bucket: env.REPORTS_BUCKET }));
