import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { z } from 'zod';
import { sqsClient } from '../../core/aws/sqs';
import { readEnv } from '../../core/env';
import { logger, metrics, traceLambdaHandler } from '../../core/observability';
import { queues } from '../../../lib/topology';
import { sqsFanoutQueue } from '../adapters/fanout-queue';
import { fanoutMessageSchema, pageName } from '../domain/fanout';
import * as pages from '../store/fanout-pages';
import * as followers from '../store/follows';
import * as notifications from '../store/notifications';
import { fanOutPage, type FanoutDeps } from '../use-cases/fanout';

/**
 * SQS worker of the go-live fan-out, with partial batch failures: a page that throws is reported and
 * redelivered (then the DLQ, after maxReceiveCount); the others are deleted.
 */
export function createFanoutHandler(deps: FanoutDeps) {
  const recordHandler = async (record: SQSRecord) => {
    const message = fanoutMessageSchema.parse(JSON.parse(record.body));
    const outcome = await fanOutPage(deps, message);
    logger.info('Fan-out page', { page: pageName(message), ...outcome, receiveCount: record.attributes.ApproximateReceiveCount });
    if (outcome.kind === 'page') metrics.addMetric('GoLiveNotifications', MetricUnit.Count, outcome.notified);
  };
  return middy(async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
    logger.addContext(context);
    const processor = new BatchProcessor(EventType.SQS);
    try {
      const response = await processPartialResponse(event, recordHandler, processor, { context, throwOnFullBatchFailure: false });
      if (response.batchItemFailures.length) logger.warn('Fan-out pages failed', { failures: response.batchItemFailures.length });
      return response;
    } finally {
      metrics.publishStoredMetrics();
    }
  }).use(traceLambdaHandler());
}

const env = readEnv({ [queues.liveFanout.envName]: z.string().min(1) });

export const handler = createFanoutHandler({ followers, notifications, pages, queue: sqsFanoutQueue(sqsClient, env[queues.liveFanout.envName]) });
