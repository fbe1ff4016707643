import { z } from 'zod';
import { readEnv } from '../../core/env';
import { httpHandler } from '../../core/http/handler';
import { created, ok } from '../../core/http/responses';
import { createChannelRoute } from '../routes';
import * as channels from '../store/channels';
import * as chatRooms from '../store/chat-rooms';
import * as ivs from '../store/ivs';
import * as profiles from '../store/profiles';
import { ensureSellerChannel, type ChannelDeps } from '../use-cases/channel';

export function createHandler(deps: ChannelDeps) {
  return httpHandler(createChannelRoute, async ({ caller }) => {
    const { created: isNew, channel } = await ensureSellerChannel(deps, caller.userId);
    return isNew ? created(channel) : ok(channel);
  });
}

const env = readEnv({ STAGE: z.string().min(1) });

export const handler = createHandler({ profiles, channels, ivs, chatRooms, stage: env.STAGE });
