import { GetObjectCommand, NoSuchKey, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { s3Client } from '../../core/aws/s3';
import type { StoredCountySalesReport } from '../domain/stored-report';
import { reportKey } from '../model';
import { storedReportSchema } from '../schemas';
import type { ReportFiles, ReportFileSet } from '../use-cases/ports';

const CONTENT_TYPES: Record<keyof ReportFileSet, string> = {
  json: 'application/json; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  html: 'text/html; charset=utf-8',
};

export function createReportFiles(options: { bucket: string; client?: S3Client }): ReportFiles {
  const client = options.client ?? s3Client;
  const put = (date: string, format: keyof ReportFileSet, body: string) =>
    client.send(
      new PutObjectCommand({ Bucket: options.bucket, Key: reportKey(date, format), Body: body, ContentType: CONTENT_TYPES[format] }),
    );

  return {
    async write(date, files) {
      await Promise.all([put(date, 'csv', files.csv), put(date, 'html', files.html)]);
      await put(date, 'json', files.json);
    },

    async read(date): Promise<StoredCountySalesReport | undefined> {
      try {
        const object = await client.send(new GetObjectCommand({ Bucket: options.bucket, Key: reportKey(date, 'json') }));
        const text = await object.Body!.transformToString('utf-8');
        return storedReportSchema.parse(JSON.parse(text)) as StoredCountySalesReport;
      } catch (error) {
        if (error instanceof NoSuchKey || (error as { name?: string }).name === 'NotFound') return undefined;
        throw error;
      }
    },
  };
}
