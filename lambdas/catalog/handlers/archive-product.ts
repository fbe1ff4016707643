import { httpHandler } from '../../core/http/handler';
import { noContent } from '../../core/http/responses';
import { archiveProductRoute } from '../routes';
import * as products from '../store/products';
import { archiveSellerProduct, type ProductDeps } from '../use-cases/products';

const deps: ProductDeps = { products };

export const handler = httpHandler(archiveProductRoute, async ({ caller, params }) => {
  await archiveSellerProduct(deps, caller.userId, params.productId);
  return noContent();
});
