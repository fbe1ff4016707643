import { httpHandler } from '../../core/http/handler';
import { ok } from '../../core/http/responses';
import { listSellerProductsRoute } from '../routes';
import { listSellerProducts } from '../store/products';
import { withStock } from '../use-cases/products';

export const handler = httpHandler(listSellerProductsRoute, async ({ caller, query }) =>
  ok(await withStock(await listSellerProducts(caller.userId, query), true)),
);
