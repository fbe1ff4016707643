import { z } from 'zod';
import { readEnv } from '../../core/env';
import { httpHandler } from '../../core/http/handler';
import { accepted } from '../../core/http/responses';
import { logger } from '../../core/observability';
import { regenerateCountySalesRoute } from '../routes';
import { createDayIndexReader } from '../store/day-index';
import { createReportFiles } from '../store/report-files';
import { generateCountySalesReport, type GenerateDeps } from '../use-cases/county-sales';

/**
 * Generates within the request. 100,000 orders are about 25 MB of day-index items, two 1 MB pages per
 * shard with the 16 shards read in parallel: seconds on DynamoDB, inside API Gateway's 30 s.
 */
export function createHandler(deps: GenerateDeps) {
  return httpHandler(regenerateCountySalesRoute, async ({ body, caller }) => {
    const { itemsRead, readUnits, ...report } = await generateCountySalesReport(deps, body.date);
    logger.info('County sales report regenerated', { date: report.date, requestedBy: caller.userId, itemsRead, readUnits, counties: report.counties });
    return accepted(report);
  });
}

const env = readEnv({ ORDERS_TABLE: z.string().min(1), REPORTS_BUCKET: z.string().min(1) });

export const handler = createHandler({
  orders: createDayIndexReader({ tableName: env.ORDERS_TABLE }),
  files: createReportFiles({ bucket: env.REPORTS_BUCKET }),
  now: () => new Date(),
});
