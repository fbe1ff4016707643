import { createHash } from 'node:crypto';
import type { NotificationItem } from '../model';

export const NOTIFICATION_TTL_DAYS = 30;

/** What a go-live announces; carried by the fan-out messages so the worker reads nothing else. */
export interface GoLive {
  sellerId: string;
  broadcastId: string;
  displayName: string;
  playbackUrl: string;
  startedAt: string;
}

/**
 * The same (broadcast, follower) always gives the same id, so a redelivered fan-out page rewrites the
 * same items instead of adding new ones.
 */
export function notificationId(broadcastId: string, followerId: string): string {
  return createHash('sha256').update(`${broadcastId}\u0000${followerId}`).digest('base64url').slice(0, 22);
}

export function sellerLiveNotification(goLive: GoLive, followerId: string): NotificationItem {
  return {
    notificationId: notificationId(goLive.broadcastId, followerId),
    userId: followerId,
    kind: 'SELLER_LIVE',
    sellerId: goLive.sellerId,
    broadcastId: goLive.broadcastId,
    displayName: goLive.displayName,
    playbackUrl: goLive.playbackUrl,
    at: goLive.startedAt,
    expiresAt: Math.floor(Date.parse(goLive.startedAt) / 1000) + NOTIFICATION_TTL_DAYS * 86_400,
  };
}

export const notificationView = (item: NotificationItem) => ({
  notificationId: item.notificationId,
  kind: item.kind,
  sellerId: item.sellerId,
  displayName: item.displayName,
  playbackUrl: item.playbackUrl,
  at: item.at,
});
