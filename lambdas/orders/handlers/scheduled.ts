import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import { logger, metrics, traceLambdaHandler } from '../../core/observability';
import { scheduledRunEvent } from '../../reports/schedule';

/**
 * An EventBridge Scheduler target of the order lifecycle: the run works as of its scheduled time (not
 * the clock), with logging, metrics and tracing. A thrown error makes Lambda retry the invocation.
 */
export function scheduledHandler<R>(name: string, run: (at: string) => Promise<R>) {
  return middy<unknown, R>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(logMetrics(metrics))
    .use(traceLambdaHandler())
    .handler(async (event) => {
      const { scheduledTime } = scheduledRunEvent.parse(event);
      const at = new Date(scheduledTime).toISOString();
      const result = await run(at);
      logger.info(`${name} run done`, { at, result });
      return result;
    });
}
