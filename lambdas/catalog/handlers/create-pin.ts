import { httpHandler } from '../../core/http/handler';
import { created } from '../../core/http/responses';
import { createPinRoute } from '../routes';
import * as channels from '../store/channels';
import * as ivs from '../store/ivs';
import * as pins from '../store/pins';
import * as products from '../store/products';
import { pinProduct, type PinDeps } from '../use-cases/pins';

const deps: PinDeps = { products, channels, pins, ivs };

export const handler = httpHandler(createPinRoute, async ({ caller, body }) => created(await pinProduct(deps, caller.userId, body)));
