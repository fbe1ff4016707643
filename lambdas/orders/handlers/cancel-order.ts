import { z } from 'zod';
import { readEnv } from '../../core/env';
import { httpHandler } from '../../core/http/handler';
import { localRequestTime } from '../../core/http/local-clock';
import { ok } from '../../core/http/responses';
import { paymentProvider } from '../../payments/provider';
import { lazyPaymentProvider } from '../../payments/provider-calls';
import { orderView } from '../domain/order';
import { cancelOrderRoute } from '../routes';
import { createStockReader } from '../store/catalog-reader';
import { createOrderStore } from '../store/order-store';
import { systemRuntime } from '../use-cases/ports';
import { cancelByBuyer, type CancelDeps } from '../use-cases/transitions';

export function createHandler(deps: CancelDeps) {
  return httpHandler(cancelOrderRoute, async ({ params, caller, event }) => {
    // The seed story's clock: honoured by the local runtime only (see local-clock.ts).
    const at = localRequestTime(event);
    const requestDeps = at ? { ...deps, runtime: { ...deps.runtime, now: () => at } } : deps;
    return ok(orderView(await cancelByBuyer(requestDeps, params.orderId, caller.userId)));
  });
}

const env = readEnv({ ORDERS_TABLE: z.string().min(1), CATALOG_TABLE: z.string().min(1) });

export const handler = createHandler({
  orders: createOrderStore({ orders: env.ORDERS_TABLE, catalog: env.CATALOG_TABLE }),
  stock: createStockReader(env.CATALOG_TABLE),
  runtime: systemRuntime,
  payments: lazyPaymentProvider(paymentProvider),
});
