import { randomUUID } from 'node:crypto';
import { conflict, notFound } from '../../core/errors';
import { logger } from '../../core/observability';
import { channelView, claimIsStale, readyChannel, sellerChannelName, sellerRoomName } from '../domain/channel';
import type { ChannelItem } from '../model';
import { ClaimLostError } from '../store/channels';
import type { Channels, ChatRooms, Ivs, Profiles } from './ports';

export interface ChannelDeps {
  profiles: Pick<Profiles, 'getProfile'>;
  channels: Channels;
  ivs: Pick<Ivs, 'createSellerChannel' | 'currentStreamKey' | 'rotateStreamKey'>;
  chatRooms: ChatRooms;
  /** Names the IVS channel and chat room (`village-live-<stage>-…`). */
  stage: string;
}

export type RotateDeps = Pick<ChannelDeps, 'channels' | 'ivs'>;

/** How long a caller that lost the claim waits for the winner to finish, before answering 409. */
const WAIT_FOR_CREATOR_MS = 15_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export type ChannelResult = { created: boolean; channel: ReturnType<typeof channelView> };

/**
 * One channel per seller, whatever the concurrency: a conditional put claims the creation; the winner
 * creates the IVS channel (recording its ARN at once) and the chat room, then marks it READY. Losers
 * wait for READY and answer 200 with the same channel. A claim left behind by a crashed creator goes
 * stale and is taken over, reusing whatever the crashed creator had recorded.
 */
export async function ensureSellerChannel(deps: ChannelDeps, sellerId: string): Promise<ChannelResult> {
  const { profiles, channels, ivs, stage } = deps;
  if (!(await profiles.getProfile(sellerId))) throw conflict('Create your seller profile first', 'PROFILE_REQUIRED');
  const deadline = Date.now() + WAIT_FOR_CREATOR_MS;
  for (let poll = 0; ; poll += 1) {
    const existing = await channels.getChannel(sellerId);
    const ready = existing && readyChannel(existing);
    if (ready) {
      const key = await ivs.currentStreamKey(ready.channelArn, existing.streamKeyArn);
      if (key.arn !== existing.streamKeyArn) await channels.setStreamKeyArn(sellerId, key.arn, new Date());
      return { created: false, channel: channelView(ready, key.value) };
    }

    const claimId = randomUUID();
    const now = new Date();
    const claimed = existing
      ? claimIsStale(existing, now) && (await channels.takeOverClaim(sellerId, existing.claimId, claimId, now))
      : await channels.claimChannel({ sellerId, state: 'CREATING', claimId, claimedAt: now.toISOString(), channelName: sellerChannelName(stage, sellerId), createdAt: now.toISOString(), updatedAt: now.toISOString() });
    if (claimed) {
      try {
        return { created: true, channel: await buildChannel(deps, sellerId, claimId, existing) };
      } catch (error) {
        if (error instanceof ClaimLostError) continue;
        await channels.releaseClaim(sellerId, claimId).catch(() => undefined);
        throw error;
      }
    }

    if (Date.now() >= deadline) throw conflict('The channel is being created, retry in a moment');
    await sleep(Math.min(1000, 50 * 2 ** poll));
  }
}

async function buildChannel({ channels, ivs, chatRooms, stage }: ChannelDeps, sellerId: string, claimId: string, previous: ChannelItem | undefined) {
  let streamKey: string | undefined;
  let channel = previous?.channelArn
    ? { channelArn: previous.channelArn, ingestEndpoint: previous.ingestEndpoint!, playbackUrl: previous.playbackUrl!, streamKeyArn: previous.streamKeyArn }
    : undefined;
  if (!channel) {
    const created = await ivs.createSellerChannel(sellerChannelName(stage, sellerId), sellerId);
    await channels.recordIvsChannel(sellerId, claimId, created, new Date());
    channel = created;
    streamKey = created.streamKey;
  } else {
    logger.warn('Taking over a stale channel claim', { sellerId, channelArn: channel.channelArn });
  }
  const chatRoomArn = previous?.chatRoomArn ?? (await chatRooms.createSellerRoom(sellerRoomName(stage, sellerId), sellerId));
  const item = await channels.completeChannel(sellerId, claimId, chatRoomArn, new Date());
  if (streamKey === undefined) {
    const key = await ivs.currentStreamKey(channel.channelArn, channel.streamKeyArn);
    if (key.arn !== channel.streamKeyArn) await channels.setStreamKeyArn(sellerId, key.arn, new Date());
    streamKey = key.value;
  }
  logger.info('Seller channel created', { sellerId, channelArn: channel.channelArn, chatRoomArn });
  return channelView(readyChannel(item)!, streamKey);
}

export async function rotateSellerStreamKey({ channels, ivs }: RotateDeps, sellerId: string): Promise<{ streamKey: string }> {
  const item = await channels.getChannel(sellerId);
  const ready = item && readyChannel(item);
  if (!ready) throw notFound('Channel');
  const key = await ivs.rotateStreamKey(ready.channelArn);
  await channels.setStreamKeyArn(sellerId, key.arn, new Date());
  logger.info('Stream key rotated', { sellerId, channelArn: ready.channelArn });
  return { streamKey: key.value };
}
