import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { z } from 'zod';
import { readEnv } from '../../core/env';
import { httpHandler } from '../../core/http/handler';
import type { HttpResult } from '../../core/http/responses';
import { logger, metrics } from '../../core/observability';
import { createOrderStore } from '../../orders/store/order-store';
import { systemRuntime } from '../../orders/use-cases/ports';
import { paymentProvider } from '../provider';
import { lazyPaymentProvider } from '../provider-calls';
import { alipayNotifyRoute } from '../routes';
import { NOTIFY_FAIL, NOTIFY_SUCCESS } from '../schemas';
import { handleNotification, type NotificationDeps } from '../use-cases/notification';
import { recordPaid } from '../paid-metrics';

const plainText = (statusCode: number, body: string): HttpResult => ({ statusCode, body, headers: { 'content-type': 'text/plain; charset=utf-8' } });

/** Alipay reads only the body: `success` stops its retries, anything else makes it notify again later. */
export function createHandler(deps: NotificationDeps) {
  return httpHandler(alipayNotifyRoute, async ({ body }) => {
    const outcome = await handleNotification(deps, body);
    if (outcome.kind === 'rejected') {
      // Only the reason: the fields may carry buyer details and are not to be logged.
      logger.warn('Payment notification rejected', { reason: outcome.reason });
      metrics.addMetric('PaymentNotificationsRejected', MetricUnit.Count, 1);
      return plainText(400, NOTIFY_FAIL);
    }
    if (outcome.kind === 'paid') recordPaid(outcome.order);
    logger.info('Payment notification handled', { orderId: outcome.order.orderId, outcome: outcome.kind });
    return plainText(200, NOTIFY_SUCCESS);
  });
}

const env = readEnv({ ORDERS_TABLE: z.string().min(1) });

export const handler = createHandler({
  orders: createOrderStore({ orders: env.ORDERS_TABLE }),
  runtime: systemRuntime,
  payments: lazyPaymentProvider(paymentProvider),
});
