import { httpHandler } from '../../core/http/handler';
import { localRequestTime } from '../../core/http/local-clock';
import { noContent } from '../../core/http/responses';
import { followRoute } from '../routes';
import * as follows from '../store/follows';
import * as sellers from '../store/seller-cards';
import { followSeller, type FollowDeps } from '../use-cases/follows';

const deps: FollowDeps = { follows, sellers };

export const handler = httpHandler(followRoute, async ({ params, caller, event }) => {
  // The seed story's clock: honoured by the local runtime only (see local-clock.ts).
  const now = localRequestTime(event) ?? new Date().toISOString();
  await followSeller(deps, caller.userId, params.sellerId, now);
  return noContent();
});
