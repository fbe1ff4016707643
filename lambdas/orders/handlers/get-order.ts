import { z } from 'zod';
import { readEnv } from '../../core/env';
import { notFound } from '../../core/errors';
import { httpHandler } from '../../core/http/handler';
import { ok } from '../../core/http/responses';
import { isParty, orderView } from '../domain/order';
import { getOrderRoute } from '../routes';
import { createOrderStore } from '../store/order-store';

const env = readEnv({ ORDERS_TABLE: z.string().min(1) });
const orders = createOrderStore({ orders: env.ORDERS_TABLE });

export const handler = httpHandler(getOrderRoute, async ({ params, caller }) => {
  const order = await orders.get(params.orderId);
  // Someone else's order is as absent as a missing one: ids of other tenants are never confirmed.
  if (!order || !isParty(order, caller.userId)) throw notFound('Order');
  return ok(orderView(order));
});
