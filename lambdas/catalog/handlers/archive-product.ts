import { notFound } from '../../core/errors';
import { httpHandler } from '../../core/http/handler';
import { noContent } from '../../core/http/responses';
import { archiveProductRoute } from '../routes';
import { archiveProduct } from '../store/products';

export const handler = httpHandler(archiveProductRoute, async ({ caller, params }) => {
  if ((await archiveProduct(caller.userId, params.productId, new Date())) === 'not-found') throw notFound('Product');
  return noContent();
});
