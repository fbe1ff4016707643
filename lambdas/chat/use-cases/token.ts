import { banned, notFound } from '../../core/errors';
import { logger } from '../../core/observability';
import { isBanActive } from '../domain/bans';
import { chatCapabilities } from '../domain/capabilities';
import { getBan, sellerRoomArn } from '../store/chat-store';
import { createChatToken, type IssuedToken } from '../store/ivschat';

/** A token for the seller's room: refused to banned users; capabilities decided here, from the caller's identity. */
export async function issueChatToken(callerId: string, sellerId: string, now: Date): Promise<IssuedToken> {
  const [roomArn, ban] = await Promise.all([sellerRoomArn(sellerId), getBan(sellerId, callerId)]);
  if (!roomArn) throw notFound('Chat room');
  if (isBanActive(ban, now)) throw banned();
  const capabilities = chatCapabilities(callerId, sellerId);
  const issued = await createChatToken(roomArn, callerId, capabilities);
  logger.info('Chat token issued', { sellerId, capabilities, sessionExpirationTime: issued.sessionExpirationTime });
  return issued;
}
