import { conflict, notFound } from '../../core/errors';
import { httpHandler } from '../../core/http/handler';
import { noContent } from '../../core/http/responses';
import { archiveProductRoute } from '../routes';
import { archiveProduct } from '../store/products';

export const handler = httpHandler(archiveProductRoute, async ({ caller, params }) => {
  const outcome = await archiveProduct(caller.userId, params.productId, new Date());
  if (outcome === 'not-found') throw notFound('Product');
  if (outcome === 'conflict') throw conflict('Stock is changing under active orders; retry');
  return noContent();
});
