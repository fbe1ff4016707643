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

export const reportMonth = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'A month as YYYY-MM')
  .meta({ description: 'An Asia/Shanghai calendar month', example: '2026-10' });

export const countySalesQuery = z
  .object({
    date: reportDate.optional(),
    month: reportMonth.optional(),
    provinceCode: provinceCode.optional(),
    format: z.enum(REPORT_FORMATS).default('json'),
  })
  .refine((query) => (query.date === undefined) !== (query.month === undefined), 'Give either date (a day) or month, not both');

export const regenerateBody = z.union([z.object({ date: reportDate }).strict(), z.object({ month: reportMonth }).strict()]);

export const villagesQuery = z.object({
  countyCode: z.string().regex(/^\d{6}$/, 'A six-digit GB/T 2260 county code'),
  month: reportMonth,
  format: z.enum(REPORT_FORMATS).default('json'),
});

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

export const monthlyCountySalesReportSchema = countySalesReportSchema.omit({ date: true }).extend({ month: z.string() }).meta({ id: 'MonthlyCountySalesReport' });

const provinceTotalsSchema = z.array(z.object({ provinceCode: z.string(), provinceName: z.string(), ...countySalesTotalsSchema.shape }));

export const storedMonthlyReportSchema = monthlyCountySalesReportSchema.extend({
  provinceTotals: provinceTotalsSchema,
  dailyGmv: z.array(z.object({ date: z.string(), gmvFen: count })),
  previousMonth: z.string(),
  previousGmv: z.array(z.object({ countyCode: z.string(), gmvFen: count })),
});

export const villageReportSchema = z
  .object({
    countyCode: z.string(),
    countyName: z.string(),
    month: z.string(),
    from: z.string(),
    to: z.string(),
    villages: z.array(
      z.object({
        villageCode: z.string(),
        villageName: z.string(),
        townCode: z.string(),
        townName: z.string(),
        committee: z.enum(['village', 'residents']),
        gmvFen: count,
        activeShops: count,
        taobaoVillage: z.boolean(),
      }),
    ),
    towns: z.array(z.object({ townCode: z.string(), townName: z.string(), taobaoVillages: count, gmvFen: count, activeShops: count, taobaoTown: z.boolean() })),
  })
  .meta({ id: 'VillageReport' });

export const storedVillageReportSchema = villageReportSchema.extend({ generatedAt: z.string() });

export const generatedReportSchema = z
  .object({
    date: z.string().optional(),
    month: z.string().optional(),
    generatedAt: z.string(),
    counties: count,
    totals: countySalesTotalsSchema,
  })
  .meta({ id: 'GeneratedReport' });
