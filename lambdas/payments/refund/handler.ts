import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { z } from 'zod';
import { readEnv } from '../../core/env';
import { logger, metrics, traceLambdaHandler } from '../../core/observability';
import { refundMessageSchema } from '../../orders/outbox';
import { createOrderStore } from '../../orders/store/order-store';
import { systemRuntime } from '../../orders/use-cases/ports';
import { paymentProvider } from '../provider';
import { lazyPaymentProvider } from '../provider-calls';
import { refundOnce, type RefundDeps } from '../use-cases/refund';

/**
 * The refund worker (SQS, partial batch failures). A record whose refund the provider did not confirm
 * throws and is redelivered after the visibility timeout, again and again until it succeeds; after
 * maxReceiveCount it moves to the refund DLQ, whose alarm calls ops (redrive once the provider is back).
 * Safe under redelivery: the refund request number is the order's, and SUCCEEDED is a conditional write.
 */
export function createRefundHandler(deps: RefundDeps) {
  const recordHandler = async (record: SQSRecord) => {
    const { orderId } = refundMessageSchema.parse(JSON.parse(record.body));
    const result = await refundOnce(deps, orderId);
    logger.info('Refund message processed', { orderId, result, receiveCount: record.attributes.ApproximateReceiveCount });
    if (result === 'refunded') metrics.addMetric('RefundsSucceeded', MetricUnit.Count, 1);
  };
  return middy(async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
    logger.addContext(context);
    const processor = new BatchProcessor(EventType.SQS);
    try {
      const response = await processPartialResponse(event, recordHandler, processor, { context, throwOnFullBatchFailure: false });
      if (response.batchItemFailures.length) logger.warn('Refund records failed', { failures: response.batchItemFailures.length });
      return response;
    } finally {
      metrics.publishStoredMetrics();
    }
  }).use(traceLambdaHandler());
}

const env = readEnv({ ORDERS_TABLE: z.string().min(1) });

export const handler = createRefundHandler({
  orders: createOrderStore({ orders: env.ORDERS_TABLE }),
  runtime: systemRuntime,
  payments: lazyPaymentProvider(paymentProvider),
});
