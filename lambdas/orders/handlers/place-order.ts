import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { z } from 'zod';
import { businessMetrics } from '../../core/business-metrics';
import { readEnv } from '../../core/env';
import { metrics } from '../../core/observability';
import { httpHandler } from '../../core/http/handler';
import { localRequestTime } from '../../core/http/local-clock';
import { created } from '../../core/http/responses';
import { StockHints } from '../domain/allocation';
import { placementView } from '../domain/order';
import { placeOrderRoute } from '../routes';
import { createCatalogReader } from '../store/catalog-reader';
import { createOrderStore } from '../store/order-store';
import { systemRuntime } from '../use-cases/ports';
import { placeOrder, type PlaceOrderDeps } from '../use-cases/place-order';

export function createHandler(deps: PlaceOrderDeps) {
  return httpHandler(placeOrderRoute, async ({ body, headers, caller, event }) => {
    // The seed story's clock: honoured by the local runtime only (see local-clock.ts).
    const seededAt = localRequestTime(event);
    const requestDeps = seededAt ? { ...deps, runtime: { ...deps.runtime, now: () => seededAt } } : deps;
    const { order, replayed } = await placeOrder(requestDeps, { buyerId: caller.userId, idempotencyKey: headers['idempotency-key'], request: body });
    if (!replayed) metrics.addMetric(businessMetrics.ordersPlaced, MetricUnit.Count, 1);
    return created(placementView(order), replayed ? { 'idempotent-replayed': 'true' } : undefined);
  });
}

const env = readEnv({
  ORDERS_TABLE: z.string().min(1),
  CATALOG_TABLE: z.string().min(1),
  CATALOG_CACHE_TTL_MS: z.coerce.number().int().min(0).default(1000),
});

export const handler = createHandler({
  catalog: createCatalogReader(env.CATALOG_TABLE, env.CATALOG_CACHE_TTL_MS),
  orders: createOrderStore({ orders: env.ORDERS_TABLE, catalog: env.CATALOG_TABLE }),
  runtime: systemRuntime,
  hints: new StockHints(),
});
