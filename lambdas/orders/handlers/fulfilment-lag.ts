import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { z } from 'zod';
import { readEnv } from '../../core/env';
import { logger, metrics } from '../../core/observability';
import { FULFILMENT_LAG_METRIC } from '../schedules';
import { createOrderStore } from '../store/order-store';
import { ordersStuckBeforeFulfilment } from '../use-cases/sweeps';
import type { TransitionDeps } from '../use-cases/transitions';
import { scheduledHandler } from './scheduled';

/** Publishes the count every run (0 included), so the alarm sees data and clears by itself. */
export function createHandler(deps: Pick<TransitionDeps, 'orders'>) {
  return scheduledHandler('Fulfilment lag check', async (at) => {
    const stuck = await ordersStuckBeforeFulfilment(deps, at);
    metrics.addMetric(FULFILMENT_LAG_METRIC, MetricUnit.Count, stuck.length);
    if (stuck.length) logger.warn('Paid orders not sent to fulfilment within 15 minutes', { count: stuck.length, orderIds: stuck.slice(0, 50) });
    return { stuck: stuck.length };
  });
}

const env = readEnv({ ORDERS_TABLE: z.string().min(1) });

export const handler = createHandler({ orders: createOrderStore({ orders: env.ORDERS_TABLE }) });
