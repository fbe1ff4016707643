import { z } from 'zod';
import { readEnv } from '../../core/env';
import { httpHandler } from '../../core/http/handler';
import { accepted } from '../../core/http/responses';
import { logger } from '../../core/observability';
import { regenerateCountySalesRoute } from '../routes';
import { createAggregateStore } from '../store/aggregates';
import { createDayIndexReader } from '../store/day-index';
import { createMonthReportFiles, createReportFiles } from '../store/report-files';
import { generateCountySalesReport, type GenerateDeps } from '../use-cases/county-sales';
import { generateMonthlyCountyReport, type MonthlyDeps } from '../use-cases/monthly-reports';

/**
 * Generates within the request. A day: 100,000 orders are about 25 MB of day-index items, two 1 MB
 * pages per shard with the 16 shards read in parallel: seconds on DynamoDB, inside API Gateway's 30 s;
 * its aggregates are replaced too. A month: one Query of the aggregates per day (two months' worth),
 * never an order. The month's village status is the monthly run's (it reads 12 months per county).
 */
export function createHandler(deps: GenerateDeps & MonthlyDeps) {
  return httpHandler(regenerateCountySalesRoute, async ({ body, caller }) => {
    if ('month' in body) {
      const { itemsRead, countyCodes: _counties, ...report } = await generateMonthlyCountyReport(deps, body.month);
      logger.info('Monthly county sales report regenerated', { month: report.month, requestedBy: caller.userId, itemsRead, counties: report.counties });
      return accepted(report);
    }
    const { itemsRead, readUnits, ...report } = await generateCountySalesReport(deps, body.date);
    logger.info('County sales report regenerated', { date: report.date, requestedBy: caller.userId, itemsRead, readUnits, counties: report.counties });
    return accepted(report);
  });
}

const env = readEnv({ ORDERS_TABLE: z.string().min(1), REPORTS_BUCKET: z.string().min(1), REPORTS_TABLE: z.string().min(1) });

export const handler = createHandler({
  orders: createDayIndexReader({ tableName: env.ORDERS_TABLE }),
  files: createReportFiles({ bucket: env.REPORTS_BUCKET }),
  monthFiles: createMonthReportFiles({ bucket: env.REPORTS_BUCKET }),
  aggregates: createAggregateStore({ tableName: env.REPORTS_TABLE }),
  now: () => new Date(),
});
