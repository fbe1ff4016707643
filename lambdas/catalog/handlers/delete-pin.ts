import { httpHandler } from '../../core/http/handler';
import { noContent } from '../../core/http/responses';
import { deletePinRoute } from '../routes';
import * as channels from '../store/channels';
import * as ivs from '../store/ivs';
import * as pins from '../store/pins';
import { unpin } from '../use-cases/pins';

const deps = { channels, pins, ivs };

export const handler = httpHandler(deletePinRoute, async ({ caller }) => {
  await unpin(deps, caller.userId);
  return noContent();
});
