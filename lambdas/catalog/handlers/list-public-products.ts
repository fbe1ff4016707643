import { httpHandler } from '../../core/http/handler';
import { ok } from '../../core/http/responses';
import { listSellerPublicProductsRoute } from '../routes';
import * as products from '../store/products';
import { listPublicProducts, type ProductDeps } from '../use-cases/products';

const deps: ProductDeps = { products };

export const handler = httpHandler(listSellerPublicProductsRoute, async ({ params, query }) => ok(await listPublicProducts(deps, params.sellerId, query)));
