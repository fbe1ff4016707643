import { httpHandler } from '../../core/http/handler';
import { noContent } from '../../core/http/responses';
import { unfollowRoute } from '../routes';
import * as follows from '../store/follows';

export const handler = httpHandler(unfollowRoute, async ({ params, caller }) => {
  await follows.unfollow(caller.userId, params.sellerId);
  return noContent();
});
