import { httpHandler } from '../../core/http/handler';
import { requestInstant } from '../../core/http/local-clock';
import { noContent } from '../../core/http/responses';
import { archiveProductRoute } from '../routes';
import * as products from '../store/products';
import { archiveSellerProduct, type ProductDeps } from '../use-cases/products';

const deps: ProductDeps = { products };

export const handler = httpHandler(archiveProductRoute, async ({ caller, params, event }) => {
  await archiveSellerProduct(deps, caller.userId, params.productId, requestInstant(event));
  return noContent();
});
