import { z } from 'zod';
import { findProvince } from '../core/counties';
import { isCalendarDay, REPORT_TIMEZONE } from './domain/business-day';

export const REPORT_FORMATS = ['json', 'csv', 'html'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export const reportDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'A date as YYYY-MM-DD')
  .refine(isCalendarDay, 'Not a calendar date')
  .meta({ description: 'An Asia/Shanghai business day', example: '2026-11-27' });

const provinceCode = z
  .string()
  .regex(/^\d{2}$/, 'A two-digit GB/T 2260 province code')
  .refine((code) => findProvince(code) !== undefined, 'Unknown province code');

export const countySalesQuery = z.object({
  date: reportDate,
  provinceCode: provinceCode.optional(),
  format: z.enum(REPORT_FORMATS).default('json'),
});

export const regenerateBody = z.object({ date: reportDate });

const count = z.number().int().nonnegative();

export const countySalesTotalsSchema = z.object({ orders: count, units: count, gmvFen: count, buyers: count, sellers: count });

export const countySalesRowSchema = z.object({
  countyCode: z.string(),
  countyName: z.string(),
  provinceCode: z.string(),
  provinceName: z.string(),
  ...countySalesTotalsSchema.shape,
});

export const countySalesReportSchema = z
  .object({
    date: z.string(),
    timezone: z.literal(REPORT_TIMEZONE),
    generatedAt: z.string(),
    rows: z.array(countySalesRowSchema),
    totals: countySalesTotalsSchema,
  })
  .meta({ id: 'CountySalesReport' });

/** report.json in the bucket: the report plus per-province totals (see domain/stored-report.ts). */
export const storedReportSchema = countySalesReportSchema.extend({
  provinceTotals: z.array(z.object({ provinceCode: z.string(), provinceName: z.string(), ...countySalesTotalsSchema.shape })),
});

export const generatedReportSchema = z
  .object({
    date: z.string(),
    generatedAt: z.string(),
    counties: count,
    totals: countySalesTotalsSchema,
  })
  .meta({ id: 'GeneratedReport' });
