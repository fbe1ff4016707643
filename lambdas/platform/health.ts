import { httpHandler } from '../core/http/handler';
import { ok } from '../core/http/responses';
import { healthRoute } from './routes';

export const handler = httpHandler(healthRoute, async () => ok({ status: 'ok' }));
