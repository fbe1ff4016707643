import { httpHandler } from '../../core/http/handler';
import { created, ok } from '../../core/http/responses';
import { createChannelRoute } from '../routes';
import { ensureSellerChannel } from '../use-cases/channel';

export const handler = httpHandler(createChannelRoute, async ({ caller }) => {
  const { created: isNew, channel } = await ensureSellerChannel(caller.userId);
  return isNew ? created(channel) : ok(channel);
});
