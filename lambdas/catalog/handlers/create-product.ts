import { httpHandler } from '../../core/http/handler';
import { created } from '../../core/http/responses';
import { createProductRoute } from '../routes';
import { createSellerProduct } from '../use-cases/products';

export const handler = httpHandler(createProductRoute, async ({ caller, body }) => created(await createSellerProduct(caller.userId, body)));
