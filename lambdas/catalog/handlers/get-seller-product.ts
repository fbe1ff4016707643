import { httpHandler } from '../../core/http/handler';
import { ok } from '../../core/http/responses';
import { getSellerProductRoute } from '../routes';
import * as products from '../store/products';
import { sellerProduct, type ProductDeps } from '../use-cases/products';

const deps: ProductDeps = { products };

export const handler = httpHandler(getSellerProductRoute, async ({ caller, params }) => ok(await sellerProduct(deps, caller.userId, params.productId)));
