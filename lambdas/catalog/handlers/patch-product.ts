import { httpHandler } from '../../core/http/handler';
import { ok } from '../../core/http/responses';
import { patchProductRoute } from '../routes';
import { patchSellerProduct } from '../use-cases/products';

export const handler = httpHandler(patchProductRoute, async ({ caller, params, body }) =>
  ok(await patchSellerProduct(caller.userId, params.productId, body)),
);
