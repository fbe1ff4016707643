import { httpHandler } from '../../core/http/handler';
import { created } from '../../core/http/responses';
import { createPinRoute } from '../routes';
import { pinProduct } from '../use-cases/pins';

export const handler = httpHandler(createPinRoute, async ({ caller, body }) => created(await pinProduct(caller.userId, body)));
