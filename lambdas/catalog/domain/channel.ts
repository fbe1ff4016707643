import { createHash } from 'node:crypto';
import type { ChannelItem } from '../model';

/** Tag put on a seller's IVS channel and chat room (ops can find a seller's resources by it). */
export const SELLER_ID_TAG = 'village-live:seller-id';

/**
 * A channel creator that crashed leaves a CREATING claim behind; after this long (well past the
 * function timeout) another call may take it over and finish the job.
 */
export const CLAIM_STALE_AFTER_MS = 60_000;

export const claimIsStale = (item: Pick<ChannelItem, 'claimedAt'>, now: Date) =>
  now.getTime() - Date.parse(item.claimedAt) > CLAIM_STALE_AFTER_MS;

/** IVS names allow `[a-zA-Z0-9-_]{0,128}`; other seller ids (any Cognito sub) are hashed. */
function nameSafe(sellerId: string): string {
  if (/^[a-zA-Z0-9_-]{1,64}$/.test(sellerId)) return sellerId;
  return `h${createHash('sha256').update(sellerId).digest('hex').slice(0, 32)}`;
}

export const sellerChannelName = (stage: string, sellerId: string) => `village-live-${stage}-seller-${nameSafe(sellerId)}`;
export const sellerRoomName = (stage: string, sellerId: string) => `village-live-${stage}-seller-${nameSafe(sellerId)}-chat`;

export interface ReadyChannel {
  channelArn: string;
  ingestEndpoint: string;
  playbackUrl: string;
  chatRoomArn: string;
}

export function readyChannel(item: ChannelItem): ReadyChannel | undefined {
  if (item.state !== 'READY' || !item.channelArn || !item.ingestEndpoint || !item.playbackUrl || !item.chatRoomArn) return undefined;
  return { channelArn: item.channelArn, ingestEndpoint: item.ingestEndpoint, playbackUrl: item.playbackUrl, chatRoomArn: item.chatRoomArn };
}

export const channelView = (channel: ReadyChannel, streamKey: string) => ({
  channelArn: channel.channelArn,
  ingestEndpoint: channel.ingestEndpoint,
  streamKey,
  playbackUrl: channel.playbackUrl,
  chatRoomArn: channel.chatRoomArn,
});
