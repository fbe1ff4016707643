import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import { z } from 'zod';
import { readEnv } from '../../core/env';
import { logger, metrics, traceLambdaHandler } from '../../core/observability';
import { previousShanghaiDay } from '../domain/business-day';
import { scheduledRunEvent } from '../schedule';
import { createDayIndexReader } from '../store/day-index';
import { createAggregateStore } from '../store/aggregates';
import { createReportFiles } from '../store/report-files';
import { generateCountySalesReport, type GeneratedReport, type GenerateDeps } from '../use-cases/county-sales';

/**
 * EventBridge Scheduler target. The day comes from the run's scheduled time, not the clock, so a
 * retry or a redrive hours later still reports the day that run was for. A failure is thrown: Lambda
 * retries the asynchronous invocation, then sends it to the dead-letter queue.
 */
export function createHandler(deps: GenerateDeps) {
  return middy<unknown, GeneratedReport>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(logMetrics(metrics))
    .use(traceLambdaHandler())
    .handler(async (event) => {
      const run = scheduledRunEvent.parse(event);
      const date = previousShanghaiDay(new Date(run.scheduledTime));
      const report = await generateCountySalesReport(deps, date);
      logger.info('County sales report generated', { ...report, scheduledTime: run.scheduledTime, attemptNumber: run.attemptNumber });
      metrics.addMetric('CountySalesReportsGenerated', MetricUnit.Count, 1);
      metrics.addMetric('CountySalesOrdersRead', MetricUnit.Count, report.itemsRead);
      return report;
    });
}

const env = readEnv({ ORDERS_TABLE: z.string().min(1), REPORTS_BUCKET: z.string().min(1), REPORTS_TABLE: z.string().min(1) });

export const handler = createHandler({
  orders: createDayIndexReader({ tableName: env.ORDERS_TABLE }),
  files: createReportFiles({ bucket: env.REPORTS_BUCKET }),
  aggregates: createAggregateStore({ tableName: env.REPORTS_TABLE }),
  now: () => new Date(),
});
