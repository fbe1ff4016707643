import { z } from 'zod';
import { readEnv } from '../../core/env';
import { httpHandler } from '../../core/http/handler';
import { localRequestTime } from '../../core/http/local-clock';
import { created, ok } from '../../core/http/responses';
import { paymentView } from '../../orders/domain/order';
import { createOrderStore } from '../../orders/store/order-store';
import { systemRuntime } from '../../orders/use-cases/ports';
import { paymentProvider } from '../provider';
import { lazyPaymentProvider } from '../provider-calls';
import { createPaymentRoute } from '../routes';
import { createPayment, type PaymentDeps } from '../use-cases/create-payment';

export function createHandler(deps: PaymentDeps) {
  return httpHandler(createPaymentRoute, async ({ params, caller, event }) => {
    // The seed story's clock: honoured by the local runtime only (see local-clock.ts).
    const at = localRequestTime(event);
    const requestDeps = at ? { ...deps, runtime: { ...deps.runtime, now: () => at } } : deps;
    const result = await createPayment(requestDeps, params.orderId, caller.userId);
    const body = paymentView(result.order, result.payment);
    return result.created ? created(body) : ok(body);
  });
}

const env = readEnv({ ORDERS_TABLE: z.string().min(1) });

export const handler = createHandler({
  orders: createOrderStore({ orders: env.ORDERS_TABLE }),
  runtime: systemRuntime,
  payments: lazyPaymentProvider(paymentProvider),
});
