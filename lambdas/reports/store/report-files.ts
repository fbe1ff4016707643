import { GetObjectCommand, NoSuchKey, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { z } from 'zod';
import { s3Client } from '../../core/aws/s3';
import type { StoredCountySalesReport } from '../domain/stored-report';
import type { StoredMonthlyReport } from '../domain/month-report';
import type { StoredVillageReport } from '../domain/village-report';
import { reportKey, villageReportKey, type ReportFileFormat } from '../model';
import { storedMonthlyReportSchema, storedReportSchema, storedVillageReportSchema } from '../schemas';
import type { MonthReportFiles, ReportFiles, ReportFileSet, VillageReportFiles } from '../use-cases/ports';

const CONTENT_TYPES: Record<keyof ReportFileSet, string> = {
  json: 'application/json; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  html: 'text/html; charset=utf-8',
};

/** A set of report files under one key function: csv and html first, report.json last (a readable JSON means a complete set). */
function fileSets<K extends unknown[], T>(options: { bucket: string; client?: S3Client }, keyOf: (...args: [...K, ReportFileFormat]) => string, schema: z.ZodType<T>) {
  const client = options.client ?? s3Client;
  const put = (key: string, format: keyof ReportFileSet, body: string) =>
    client.send(new PutObjectCommand({ Bucket: options.bucket, Key: key, Body: body, ContentType: CONTENT_TYPES[format] }));
  return {
    async write(args: K, files: ReportFileSet): Promise<void> {
      await Promise.all([put(keyOf(...args, 'csv'), 'csv', files.csv), put(keyOf(...args, 'html'), 'html', files.html)]);
      await put(keyOf(...args, 'json'), 'json', files.json);
    },
    async read(args: K): Promise<T | undefined> {
      try {
        const object = await client.send(new GetObjectCommand({ Bucket: options.bucket, Key: keyOf(...args, 'json') }));
        return schema.parse(JSON.parse(await object.Body!.transformToString('utf-8')));
      } catch (error) {
        if (error instanceof NoSuchKey || (error as { name?: string }).name === 'NotFound') return undefined;
        throw error;
      }
    },
  };
}

export function createReportFiles(options: { bucket: string; client?: S3Client }): ReportFiles {
  const sets = fileSets<[string], StoredCountySalesReport>(options, reportKey, storedReportSchema);
  return { write: (date, files) => sets.write([date], files), read: (date) => sets.read([date]) };
}

/** A month's county report sits beside the days: reports/county-sales/<YYYY-MM>/report.*. */
export function createMonthReportFiles(options: { bucket: string; client?: S3Client }): MonthReportFiles {
  const sets = fileSets<[string], StoredMonthlyReport>(options, reportKey, storedMonthlyReportSchema);
  return { write: (month, files) => sets.write([month], files), read: (month) => sets.read([month]) };
}

export function createVillageReportFiles(options: { bucket: string; client?: S3Client }): VillageReportFiles {
  const sets = fileSets<[string, string], StoredVillageReport>(options, villageReportKey, storedVillageReportSchema);
  return { write: (month, countyCode, files) => sets.write([month, countyCode], files), read: (month, countyCode) => sets.read([month, countyCode]) };
}
