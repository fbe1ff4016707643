import { httpHandler } from '../../core/http/handler';
import { ok } from '../../core/http/responses';
import { approveSellerApplicationRoute } from '../routes';
import * as applications from '../store/applications';
import { userGroups } from '../store/user-groups';
import { approve } from '../use-cases/applications';

export const handler = httpHandler(approveSellerApplicationRoute, async ({ caller, params }) =>
  ok(await approve({ applications, groups: userGroups }, params.userId, caller.userId)),
);
