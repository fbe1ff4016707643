import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { logger, traceLambdaHandler } from '../../core/observability';
import { reconcileLiveStatus } from '../use-cases/live-status';

/**
 * Scheduled (every few minutes): IVS events are best-effort and a lost Stream End would leave a seller
 * "live" for ever, so every broadcaster currently shown live is checked against GetStream.
 */
export const handler = middy(async () => {
  const outcomes = await reconcileLiveStatus();
  logger.info('Live status reconciled', outcomes);
  return outcomes;
}).use(injectLambdaContext(logger, { resetKeys: true })).use(traceLambdaHandler());
