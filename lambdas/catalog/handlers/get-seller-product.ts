import { httpHandler } from '../../core/http/handler';
import { ok } from '../../core/http/responses';
import { getSellerProductRoute } from '../routes';
import { sellerProduct } from '../use-cases/products';

export const handler = httpHandler(getSellerProductRoute, async ({ caller, params }) => ok(await sellerProduct(caller.userId, params.productId)));
