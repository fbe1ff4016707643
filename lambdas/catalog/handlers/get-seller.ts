import { notFound } from '../../core/errors';
import { httpHandler } from '../../core/http/handler';
import { ok } from '../../core/http/responses';
import { publicProfileView } from '../domain/profile';
import { getSellerRoute } from '../routes';
import { getProfile } from '../store/profiles';

export const handler = httpHandler(getSellerRoute, async ({ params }) => {
  const profile = await getProfile(params.sellerId);
  if (!profile) throw notFound('Seller');
  return ok(publicProfileView(profile));
});
