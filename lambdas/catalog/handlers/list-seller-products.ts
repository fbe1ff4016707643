import { httpHandler } from '../../core/http/handler';
import { ok } from '../../core/http/responses';
import { listSellerProductsRoute } from '../routes';
import * as products from '../store/products';
import { listOwnProducts, type ProductDeps } from '../use-cases/products';

const deps: ProductDeps = { products };

export const handler = httpHandler(listSellerProductsRoute, async ({ caller, query }) => ok(await listOwnProducts(deps, caller.userId, query)));
