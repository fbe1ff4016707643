import { httpHandler } from '../../core/http/handler';
import { ok } from '../../core/http/responses';
import { rotateStreamKeyRoute } from '../routes';
import { rotateSellerStreamKey } from '../use-cases/channel';

export const handler = httpHandler(rotateStreamKeyRoute, async ({ caller }) => ok(await rotateSellerStreamKey(caller.userId)));
