import { MetricUnit } from '@aws-lambda-powertools/metrics';
import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { z } from 'zod';
import { ivschatClient } from '../../core/aws/ivschat';
import { sqsClient } from '../../core/aws/sqs';
import { readEnv } from '../../core/env';
import { logger, metrics, traceLambdaHandler } from '../../core/observability';
import { queues } from '../../../lib/topology';
import { ivsChatEvents } from '../adapters/chat-events';
import { sqsTickerQueue } from '../adapters/ticker-queue';
import { parseTickerMessage, type TickerMessage } from '../domain/ticker-messages';
import * as sources from '../store/ticker-sources';
import * as store from '../store/ticker';
import { processTickerBatch, sellingRoomsEstimate, type TickerDeps } from '../use-cases/ticker';

/**
 * The sales ticker's SQS worker (large batches, a batching window, partial batch failures): paid
 * orders from the "paid orders" topic and the ticker's own delayed flushes. A malformed message fails
 * alone (then the DLQ); a seller whose processing fails has its messages redelivered, which the order
 * markers make harmless.
 */
export function createTickerHandler(deps: TickerDeps) {
  return middy(async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
    logger.addContext(context);
    const malformed: string[] = [];
    const messages: { id: string; message: TickerMessage }[] = [];
    for (const record of event.Records) {
      try {
        messages.push({ id: record.messageId, message: parseTickerMessage(record.body) });
      } catch (error) {
        logger.error('Malformed ticker message', { messageId: record.messageId, error });
        malformed.push(record.messageId);
      }
    }
    try {
      const { failedIds, outcomes, errors } = await processTickerBatch(deps, messages);
      for (const { sellerId, error } of errors) logger.error('Ticker failed for a seller', { sellerId, error });
      let counted = 0;
      let events = 0;
      for (const outcome of outcomes.values()) {
        counted += outcome.counted;
        if (outcome.sent) events += 1;
      }
      metrics.addMetric('TickerOrdersCounted', MetricUnit.Count, counted);
      metrics.addMetric('TickerEventsSent', MetricUnit.Count, events);
      return { batchItemFailures: [...malformed, ...failedIds].map((itemIdentifier) => ({ itemIdentifier })) };
    } finally {
      metrics.publishStoredMetrics();
    }
  }).use(traceLambdaHandler());
}

const env = readEnv({ [queues.ticker.envName]: z.string().min(1) });

export const handler = createTickerHandler({
  store,
  sources,
  chat: ivsChatEvents(ivschatClient),
  queue: sqsTickerQueue(sqsClient, env[queues.ticker.envName]),
  clock: Date.now,
  sellingRooms: sellingRoomsEstimate(store),
});
