import { httpHandler } from '../../core/http/handler';
import { ok } from '../../core/http/responses';
import { listSellerApplicationsRoute } from '../routes';
import * as applications from '../store/applications';
import { listByStatus } from '../use-cases/applications';

export const handler = httpHandler(listSellerApplicationsRoute, async ({ query }) => ok(await listByStatus({ applications }, query)));
