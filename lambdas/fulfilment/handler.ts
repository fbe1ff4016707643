import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { z } from 'zod';
import { readEnv } from '../core/env';
import { logger, metrics, traceLambdaHandler } from '../core/observability';
import { fulfilmentMessageSchema, type FulfilmentMessage } from '../orders/outbox';
import { createOrderStore } from '../orders/store/order-store';
import { systemRuntime } from '../orders/use-cases/ports';
import { requestFulfilmentOnce, type FulfilmentResult, type TransitionDeps } from '../orders/use-cases/transitions';

/** One message's work. The local runtime wraps it to inject faults; Lambda runs it as is. */
export type FulfilmentStep = (message: FulfilmentMessage, record: SQSRecord) => Promise<FulfilmentResult>;

export const fulfilmentStep =
  (deps: TransitionDeps): FulfilmentStep =>
  (message) =>
    requestFulfilmentOnce(deps, message.orderId);

/**
 * SQS-triggered worker with partial batch failures (ReportBatchItemFailures): a record that throws is
 * reported and redelivered after the visibility timeout; the others are deleted. Safe under redelivery
 * because the step is a conditional transition. A record that keeps failing reaches the DLQ after the
 * queue's maxReceiveCount.
 */
export function createFulfilmentHandler(step: FulfilmentStep) {
  const recordHandler = async (record: SQSRecord) => {
    const message = fulfilmentMessageSchema.parse(JSON.parse(record.body));
    const result = await step(message, record);
    logger.info('Fulfilment message processed', { orderId: message.orderId, result, receiveCount: record.attributes.ApproximateReceiveCount });
    if (result === 'requested') metrics.addMetric('FulfilmentRequested', MetricUnit.Count, 1);
  };
  return middy(async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
    logger.addContext(context);
    // A processor per invocation: it keeps the batch's state, and the local runtime may run batches concurrently.
    const processor = new BatchProcessor(EventType.SQS);
    try {
      const response = await processPartialResponse(event, recordHandler, processor, { context, throwOnFullBatchFailure: false });
      if (response.batchItemFailures.length) logger.warn('Fulfilment records failed', { failures: response.batchItemFailures.length });
      return response;
    } finally {
      metrics.publishStoredMetrics();
    }
  }).use(traceLambdaHandler());
}

const env = readEnv({ ORDERS_TABLE: z.string().min(1) });

export const defaultStep = fulfilmentStep({ orders: createOrderStore({ orders: env.ORDERS_TABLE }), runtime: systemRuntime });

export const handler = createFulfilmentHandler(defaultStep);
