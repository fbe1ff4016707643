import { httpHandler } from '../../core/http/handler';
import { requestInstant } from '../../core/http/local-clock';
import { created } from '../../core/http/responses';
import { createProductRoute } from '../routes';
import * as products from '../store/products';
import { createSellerProduct, type ProductDeps } from '../use-cases/products';

const deps: ProductDeps = { products };

export const handler = httpHandler(createProductRoute, async ({ caller, body, event }) =>
  created(await createSellerProduct(deps, caller.userId, body, requestInstant(event))),
);
