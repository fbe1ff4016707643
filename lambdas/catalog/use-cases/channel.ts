import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { conflict, notFound } from '../../core/errors';
import { readEnv } from '../../core/env';
import { logger } from '../../core/observability';
import { channelView, claimIsStale, readyChannel, sellerChannelName, sellerRoomName } from '../domain/channel';
import type { ChannelItem } from '../model';
import { ClaimLostError, claimChannel, releaseClaim, completeChannel, getChannel, recordIvsChannel, setStreamKeyArn, takeOverClaim } from '../store/channels';
import { createSellerRoom } from '../store/chat-rooms';
import { createSellerChannel, currentStreamKey, rotateStreamKey } from '../store/ivs';
import { getProfile } from '../store/profiles';

const { STAGE: stage } = readEnv({ STAGE: z.string().min(1).default('local') });

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
export async function ensureSellerChannel(sellerId: string): Promise<ChannelResult> {
  if (!(await getProfile(sellerId))) throw conflict('Create your seller profile first', 'PROFILE_REQUIRED');
  const deadline = Date.now() + WAIT_FOR_CREATOR_MS;
  for (let poll = 0; ; poll += 1) {
    const existing = await getChannel(sellerId);
    const ready = existing && readyChannel(existing);
    if (ready) {
      const key = await currentStreamKey(ready.channelArn, existing.streamKeyArn);
      if (key.arn !== existing.streamKeyArn) await setStreamKeyArn(sellerId, key.arn, new Date());
      return { created: false, channel: channelView(ready, key.value) };
    }

    const claimId = randomUUID();
    const now = new Date();
    const claimed = existing
      ? claimIsStale(existing, now) && (await takeOverClaim(sellerId, existing.claimId, claimId, now))
      : await claimChannel({ sellerId, state: 'CREATING', claimId, claimedAt: now.toISOString(), channelName: sellerChannelName(stage, sellerId), createdAt: now.toISOString(), updatedAt: now.toISOString() });
    if (claimed) {
      try {
        return { created: true, channel: await buildChannel(sellerId, claimId, existing) };
      } catch (error) {
        if (error instanceof ClaimLostError) continue;
        await releaseClaim(sellerId, claimId).catch(() => undefined);
        throw error;
      }
    }

    if (Date.now() >= deadline) throw conflict('The channel is being created, retry in a moment');
    await sleep(Math.min(1000, 50 * 2 ** poll));
  }
}

async function buildChannel(sellerId: string, claimId: string, previous: ChannelItem | undefined) {
  let streamKey: string | undefined;
  let channel = previous?.channelArn
    ? { channelArn: previous.channelArn, ingestEndpoint: previous.ingestEndpoint!, playbackUrl: previous.playbackUrl!, streamKeyArn: previous.streamKeyArn }
    : undefined;
  if (!channel) {
    const created = await createSellerChannel(sellerChannelName(stage, sellerId), sellerId);
    await recordIvsChannel(sellerId, claimId, created, new Date());
    channel = created;
    streamKey = created.streamKey;
  } else {
    logger.warn('Taking over a stale channel claim', { sellerId, channelArn: channel.channelArn });
  }
  const chatRoomArn = previous?.chatRoomArn ?? (await createSellerRoom(sellerRoomName(stage, sellerId), sellerId));
  const item = await completeChannel(sellerId, claimId, chatRoomArn, new Date());
  if (streamKey === undefined) {
    const key = await currentStreamKey(channel.channelArn, channel.streamKeyArn);
    if (key.arn !== channel.streamKeyArn) await setStreamKeyArn(sellerId, key.arn, new Date());
    streamKey = key.value;
  }
  logger.info('Seller channel created', { sellerId, channelArn: channel.channelArn, chatRoomArn });
  return channelView(readyChannel(item)!, streamKey);
}

export async function rotateSellerStreamKey(sellerId: string): Promise<{ streamKey: string }> {
  const item = await getChannel(sellerId);
  const ready = item && readyChannel(item);
  if (!ready) throw notFound('Channel');
  const key = await rotateStreamKey(ready.channelArn);
  await setStreamKeyArn(sellerId, key.arn, new Date());
  logger.info('Stream key rotated', { sellerId, channelArn: ready.channelArn });
  return { streamKey: key.value };
}
