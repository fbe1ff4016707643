import { httpHandler } from '../../core/http/handler';
import { ok } from '../../core/http/responses';
import { listFollowingRoute } from '../routes';
import * as follows from '../store/follows';
import * as sellers from '../store/seller-cards';
import { following, type FollowDeps } from '../use-cases/follows';

const deps: FollowDeps = { follows, sellers };

export const handler = httpHandler(listFollowingRoute, async ({ query, caller }) => ok(await following(deps, caller.userId, query)));
