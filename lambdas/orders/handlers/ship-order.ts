import { z } from 'zod';
import { readEnv } from '../../core/env';
import { httpHandler } from '../../core/http/handler';
import { ok } from '../../core/http/responses';
import { orderView } from '../domain/order';
import { shipOrderRoute } from '../routes';
import { createOrderStore } from '../store/order-store';
import { systemRuntime } from '../use-cases/ports';
import { shipBySeller } from '../use-cases/transitions';

const env = readEnv({ ORDERS_TABLE: z.string().min(1) });
const deps = { orders: createOrderStore({ orders: env.ORDERS_TABLE }), runtime: systemRuntime };

export const handler = httpHandler(shipOrderRoute, async ({ params, body, caller }) =>
  ok(orderView(await shipBySeller(deps, params.orderId, caller.userId, body))),
);
