import type { DenyingReason, Moderator } from '../moderation/moderator';

/**
 * The message attributes the apps send, and the only ones a message keeps. IVS Chat hands an
 * allowed message's attributes to every viewer, so anything else (a phone number, a link) would
 * reach the room unreviewed; the kept values are moderated like the content. Documented in
 * docs/CONVENTIONS.md (Chat message attributes).
 * - `replyTo`: the MessageId of the message this one answers (the apps quote it).
 * - `productId`: the product the message asks about (sent from the pinned product's card).
 */
export const MESSAGE_ATTRIBUTE_KEYS: readonly string[] = ['replyTo', 'productId'];
/** Both are ids: a longer value is not one, and is dropped. */
export const MAX_ATTRIBUTE_LENGTH = 64;

export type ModeratedAttributes = { ok: true; attributes: Record<string, string> } | { ok: false; reason: DenyingReason };

/**
 * The allowed keys with what their values become: a blocked term denies the message, contact details
 * are masked or deny it (per the room's maskContacts), exactly as in the content.
 */
export function moderateAttributes(moderator: Moderator, attributes: Readonly<Record<string, string>>): ModeratedAttributes {
  const kept: Record<string, string> = {};
  for (const key of MESSAGE_ATTRIBUTE_KEYS) {
    const value = attributes[key];
    if (value === undefined || value === '' || value.length > MAX_ATTRIBUTE_LENGTH) continue;
    const decision = moderator.review(value);
    if (decision.result === 'DENY') return { ok: false, reason: decision.reason };
    kept[key] = decision.content;
  }
  return { ok: true, attributes: kept };
}
