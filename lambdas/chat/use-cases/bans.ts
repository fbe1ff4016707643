import { validationFailed } from '../../core/errors';
import { logger } from '../../core/observability';
import { isBanActive, newBan, type ChatBan } from '../domain/bans';
import { deleteBan, listActiveBans, putBan, sellerRoomArn } from '../store/chat-store';
import { disconnectUser } from '../store/ivschat';

/**
 * Bans are enforced where a user enters the room (no token is issued to a banned user; a user already
 * in the room is disconnected now) and on every message: the review handler reads the room's bans with
 * its settings (one Query, cached for SETTINGS_TTL_MS), so a token issued before the ban stops working
 * within seconds. The ban is stored first, so the disconnected user cannot come straight back; if the
 * disconnect fails, the error reaches the seller and repeating the request is safe.
 */
export async function banChatUser(
  sellerId: string,
  input: { userId: string; durationSeconds?: number; reason?: string },
  now: Date,
): Promise<ChatBan> {
  if (input.userId === sellerId) {
    throw validationFailed('A seller cannot ban themselves', [{ path: 'body.userId', message: 'Must be another user' }]);
  }
  const { ban, expiresAt } = newBan(input.userId, { durationSeconds: input.durationSeconds, reason: input.reason || undefined }, now);
  await putBan(sellerId, ban, expiresAt);
  const roomArn = await sellerRoomArn(sellerId);
  if (roomArn) await disconnectUser(roomArn, input.userId, ban.reason ?? 'Banned from this chat room');
  logger.info('Chat user banned', { sellerId, bannedUserId: input.userId, until: ban.until, disconnected: roomArn !== undefined });
  return ban;
}

export async function unbanChatUser(sellerId: string, userId: string): Promise<void> {
  await deleteBan(sellerId, userId);
}

export async function listChatBans(sellerId: string, page: { limit: number; cursor: string | undefined }, now: Date) {
  return listActiveBans(sellerId, page, (ban) => isBanActive(ban, now), Math.floor(now.getTime() / 1000));
}
