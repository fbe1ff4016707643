import { z } from 'zod';
import { readEnv } from '../../core/env';
import { httpHandler } from '../../core/http/handler';
import { ok } from '../../core/http/responses';
import { orderView } from '../domain/order';
import { listOrdersRoute } from '../routes';
import { createOrderStore } from '../store/order-store';

const env = readEnv({ ORDERS_TABLE: z.string().min(1) });
const orders = createOrderStore({ orders: env.ORDERS_TABLE });

export const handler = httpHandler(listOrdersRoute, async ({ query, caller }) => {
  const page = await orders.listForBuyer(caller.userId, query.limit, query.cursor);
  return ok({ items: page.items.map(orderView), nextCursor: page.nextCursor });
});
