import { httpHandler } from '../../core/http/handler';
import { noContent } from '../../core/http/responses';
import { deletePinRoute } from '../routes';
import { unpin } from '../use-cases/pins';

export const handler = httpHandler(deletePinRoute, async ({ caller }) => {
  await unpin(caller.userId);
  return noContent();
});
