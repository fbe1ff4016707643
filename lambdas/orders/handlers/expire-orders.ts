import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { z } from 'zod';
import { businessMetrics } from '../../core/business-metrics';
import { readEnv } from '../../core/env';
import { metrics } from '../../core/observability';
import { paymentProvider } from '../../payments/provider';
import { lazyPaymentProvider } from '../../payments/provider-calls';
import { createStockReader } from '../store/catalog-reader';
import { createOrderStore } from '../store/order-store';
import { systemRuntime } from '../use-cases/ports';
import { expireDueOrders, type ExpiryDeps } from '../use-cases/sweeps';
import { scheduledHandler } from './scheduled';

/** Every minute: unpaid orders past payBy expire (or become PAID when the provider has their money). */
export function createHandler(deps: ExpiryDeps) {
  return scheduledHandler('Order expiry', async (at) => {
    const counts = await expireDueOrders(deps, at);
    metrics.addMetric('OrdersExpired', MetricUnit.Count, counts.expired ?? 0);
    // Paid orders whose notification was lost: counted with the notified ones.
    metrics.addMetric(businessMetrics.ordersPaid, MetricUnit.Count, counts.paid ?? 0);
    metrics.addMetric('OrderExpiriesDeferred', MetricUnit.Count, counts.deferred ?? 0);
    return counts;
  });
}

const env = readEnv({ ORDERS_TABLE: z.string().min(1), CATALOG_TABLE: z.string().min(1) });

export const handler = createHandler({
  orders: createOrderStore({ orders: env.ORDERS_TABLE, catalog: env.CATALOG_TABLE }),
  stock: createStockReader(env.CATALOG_TABLE),
  runtime: systemRuntime,
  payments: lazyPaymentProvider(paymentProvider),
});
