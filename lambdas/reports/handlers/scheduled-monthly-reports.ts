import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import { z } from 'zod';
import { readEnv } from '../../core/env';
import { logger, metrics, traceLambdaHandler } from '../../core/observability';
import { addMonths } from '../domain/villages';
import { shanghaiDay } from '../domain/business-day';
import { scheduledRunEvent } from '../schedule';
import { createAggregateStore } from '../store/aggregates';
import { createMonthReportFiles, createVillageReportFiles } from '../store/report-files';
import { createSellerProfiles } from '../store/seller-profiles';
import { generateMonthlyReports, type MonthlyDeps, type VillageDeps } from '../use-cases/monthly-reports';

/** The month a run scheduled at `scheduledTime` (the 1st, 01:00 Asia/Shanghai) reports: the one before. */
export const monthReportedAt = (scheduledTime: string) => addMonths(shanghaiDay(scheduledTime).slice(0, 7), -1);

/**
 * EventBridge Scheduler target for the monthly run: the previous month's county report, then the
 * village status of every county with sales in it. Reads aggregates only, never an order.
 */
export function createHandler(deps: MonthlyDeps & VillageDeps) {
  return middy<unknown, unknown>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(logMetrics(metrics))
    .use(traceLambdaHandler())
    .handler(async (event) => {
      const run = scheduledRunEvent.parse(event);
      const month = monthReportedAt(run.scheduledTime);
      const { countyCodes: _counties, ...result } = await generateMonthlyReports(deps, month);
      logger.info('Monthly reports generated', { ...result, scheduledTime: run.scheduledTime, attemptNumber: run.attemptNumber });
      metrics.addMetric('MonthlyReportsGenerated', MetricUnit.Count, 1);
      metrics.addMetric('MonthlyAggregateItemsRead', MetricUnit.Count, result.itemsRead + result.villageItemsRead);
      return result;
    });
}

const env = readEnv({ REPORTS_BUCKET: z.string().min(1), REPORTS_TABLE: z.string().min(1), CATALOG_TABLE: z.string().min(1) });

export const handler = createHandler({
  aggregates: createAggregateStore({ tableName: env.REPORTS_TABLE }),
  monthFiles: createMonthReportFiles({ bucket: env.REPORTS_BUCKET }),
  villageFiles: createVillageReportFiles({ bucket: env.REPORTS_BUCKET }),
  profiles: createSellerProfiles({ tableName: env.CATALOG_TABLE }),
  now: () => new Date(),
});
