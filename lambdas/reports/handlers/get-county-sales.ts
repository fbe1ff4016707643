import { z } from 'zod';
import { readEnv } from '../../core/env';
import { notFound } from '../../core/errors';
import { httpHandler } from '../../core/http/handler';
import type { CountySalesReport } from '../domain/aggregate';
import { monthlyReportView } from '../domain/month-report';
import { getCountySalesRoute } from '../routes';
import { createMonthReportFiles, createReportFiles } from '../store/report-files';
import { readCountySalesReport } from '../use-cases/county-sales';
import type { MonthReportFiles, ReportFiles } from '../use-cases/ports';
import { representReport } from './represent';

export function createHandler(files: ReportFiles, monthFiles: MonthReportFiles) {
  return httpHandler(getCountySalesRoute, async ({ query }) => {
    const suffix = query.provinceCode ? `-${query.provinceCode}` : '';
    if (query.month !== undefined) {
      const stored = await monthFiles.read(query.month);
      if (!stored) throw notFound(`County sales report for ${query.month}`);
      return representReport(monthlyReportView(stored, query.provinceCode), query.format, `county-sales-${query.month}${suffix}.csv`, stored);
    }
    const date = query.date!;
    const report: CountySalesReport | undefined = await readCountySalesReport(files, date, query.provinceCode);
    if (!report) throw notFound(`County sales report for ${date}`);
    return representReport(report, query.format, `county-sales-${date}${suffix}.csv`);
  });
}

const env = readEnv({ REPORTS_BUCKET: z.string().min(1) });

export const handler = createHandler(createReportFiles({ bucket: env.REPORTS_BUCKET }), createMonthReportFiles({ bucket: env.REPORTS_BUCKET }));
