import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { z } from 'zod';
import { readEnv } from '../../core/env';
import { metrics } from '../../core/observability';
import { createOrderStore } from '../store/order-store';
import { systemRuntime } from '../use-cases/ports';
import { deliverDueOrders } from '../use-cases/sweeps';
import type { TransitionDeps } from '../use-cases/transitions';
import { scheduledHandler } from './scheduled';

export function createHandler(deps: TransitionDeps) {
  return scheduledHandler('Automatic delivery', async (at) => {
    const counts = await deliverDueOrders(deps, at);
    metrics.addMetric('OrdersAutoDelivered', MetricUnit.Count, counts.delivered ?? 0);
    return counts;
  });
}

const env = readEnv({ ORDERS_TABLE: z.string().min(1) });

export const handler = createHandler({ orders: createOrderStore({ orders: env.ORDERS_TABLE }), runtime: systemRuntime });
