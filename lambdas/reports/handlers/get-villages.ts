import { z } from 'zod';
import { readEnv } from '../../core/env';
import { notFound } from '../../core/errors';
import { httpHandler } from '../../core/http/handler';
import { ok } from '../../core/http/responses';
import { villageReportCsv, villageReportHtml, villageReportView } from '../domain/village-report';
import { getVillagesRoute } from '../routes';
import { createVillageReportFiles } from '../store/report-files';
import type { VillageReportFiles } from '../use-cases/ports';
import { csvHeaders, HTML_HEADERS } from './represent';

export function createHandler(files: VillageReportFiles) {
  return httpHandler(getVillagesRoute, async ({ query }) => {
    const stored = await files.read(query.month, query.countyCode);
    if (!stored) throw notFound(`Village status of ${query.countyCode} for ${query.month}`);
    if (query.format === 'csv') return ok(villageReportCsv(stored), csvHeaders(`villages-${query.countyCode}-${query.month}.csv`));
    if (query.format === 'html') return ok(villageReportHtml(stored), HTML_HEADERS);
    return ok(villageReportView(stored));
  });
}

const env = readEnv({ REPORTS_BUCKET: z.string().min(1) });

export const handler = createHandler(createVillageReportFiles({ bucket: env.REPORTS_BUCKET }));
