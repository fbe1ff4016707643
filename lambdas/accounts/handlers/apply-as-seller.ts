import { httpHandler } from '../../core/http/handler';
import { accepted } from '../../core/http/responses';
import { applyAsSellerRoute } from '../routes';
import * as applications from '../store/applications';
import { apply } from '../use-cases/applications';

export const handler = httpHandler(applyAsSellerRoute, async ({ caller, body }) => accepted(await apply({ applications }, caller.userId, body)));
