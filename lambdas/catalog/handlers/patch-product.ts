import { httpHandler } from '../../core/http/handler';
import { requestInstant } from '../../core/http/local-clock';
import { ok } from '../../core/http/responses';
import { patchProductRoute } from '../routes';
import * as products from '../store/products';
import { patchSellerProduct, type ProductDeps } from '../use-cases/products';

const deps: ProductDeps = { products };

export const handler = httpHandler(patchProductRoute, async ({ caller, params, body, event }) =>
  ok(await patchSellerProduct(deps, caller.userId, params.productId, body, requestInstant(event))),
);
