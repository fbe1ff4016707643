import { notFound } from '../../core/errors';
import { httpHandler } from '../../core/http/handler';
import { ok } from '../../core/http/responses';
import { profileView } from '../domain/profile';
import { getProfileRoute } from '../routes';
import { getProfile } from '../store/profiles';

export const handler = httpHandler(getProfileRoute, async ({ caller }) => {
  const profile = await getProfile(caller.userId);
  if (!profile) throw notFound('Profile');
  return ok(profileView(profile));
});
