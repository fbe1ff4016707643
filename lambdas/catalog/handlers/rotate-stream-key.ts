import { httpHandler } from '../../core/http/handler';
import { ok } from '../../core/http/responses';
import { rotateStreamKeyRoute } from '../routes';
import * as channels from '../store/channels';
import * as ivs from '../store/ivs';
import { rotateSellerStreamKey, type RotateDeps } from '../use-cases/channel';

const deps: RotateDeps = { channels, ivs };

export const handler = httpHandler(rotateStreamKeyRoute, async ({ caller }) => ok(await rotateSellerStreamKey(deps, caller.userId)));
