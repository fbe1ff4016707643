import { z } from 'zod';
import { readEnv } from '../../core/env';
import { httpHandler } from '../../core/http/handler';
import { ok } from '../../core/http/responses';
import { orderView } from '../domain/order';
import { confirmDeliveryRoute } from '../routes';
import { createOrderStore } from '../store/order-store';
import { systemRuntime } from '../use-cases/ports';
import { confirmDelivery, type TransitionDeps } from '../use-cases/transitions';

export function createHandler(deps: TransitionDeps) {
  return httpHandler(confirmDeliveryRoute, async ({ params, caller }) => ok(orderView(await confirmDelivery(deps, params.orderId, caller.userId))));
}

const env = readEnv({ ORDERS_TABLE: z.string().min(1) });

export const handler = createHandler({ orders: createOrderStore({ orders: env.ORDERS_TABLE }), runtime: systemRuntime });
