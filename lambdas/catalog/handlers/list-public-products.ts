import { httpHandler } from '../../core/http/handler';
import { ok } from '../../core/http/responses';
import { listSellerPublicProductsRoute } from '../routes';
import { listActiveProducts } from '../store/products';
import { withStock } from '../use-cases/products';

export const handler = httpHandler(listSellerPublicProductsRoute, async ({ params, query }) => {
  const page = await withStock(await listActiveProducts(params.sellerId, query));
  return ok({ items: page.items.map(({ stockShards: _internal, ...product }) => product), nextCursor: page.nextCursor });
});
