/**
 * The IVS Chat message review contract, checked by hand: this runs on every chat message inside a
 * 200 ms budget, and a schema library would cost more init time than the whole check.
 */
export interface ReviewResponse {
  ReviewResult: 'ALLOW' | 'DENY';
  Content: string;
  Attributes: Record<string, string>;
}

/** What the handler needs from IVS Chat's event; only `content` is required to decide anything. */
export interface ReviewRequest {
  content: string;
  roomArn?: string;
  senderId?: string;
  /** The message's own attributes, as sent (string values only); review/attributes.ts keeps a few. */
  attributes: Record<string, string>;
}

export type DenyReason =
  | 'BANNED'
  | 'BLOCKED_TERM'
  | 'CONTACT_DETAILS'
  | 'MESSAGE_TOO_LONG'
  | 'SLOW_MODE'
  | 'EMPTY_MESSAGE'
  | 'INVALID_MESSAGE'
  | 'REVIEW_FAILED';

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const nonEmptyString = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

function stringMap(value: unknown): Record<string, string> {
  if (!isObject(value)) return {};
  const map: Record<string, string> = {};
  for (const [key, entry] of Object.entries(value)) if (typeof entry === 'string') map[key] = entry;
  return map;
}

/** undefined when there is no message text to review; every other field is optional. */
export function readReviewEvent(event: unknown): ReviewRequest | undefined {
  if (!isObject(event) || typeof event.Content !== 'string') return undefined;
  const sender = isObject(event.Sender) ? event.Sender : {};
  const request: ReviewRequest = { content: event.Content, attributes: stringMap(event.Attributes) };
  const roomArn = nonEmptyString(event.RoomArn);
  const senderId = nonEmptyString(sender.UserId);
  if (roomArn !== undefined) request.roomArn = roomArn;
  if (senderId !== undefined) request.senderId = senderId;
  return request;
}

/** Viewers get exactly the attributes the handler returns (review/attributes.ts decides which). */
export const allow = (content: string, attributes: Record<string, string>): ReviewResponse => ({
  ReviewResult: 'ALLOW',
  Content: content,
  Attributes: attributes,
});

/** IVS Chat hands `Attributes.Reason` of a DENY to the sender (with its 406). */
export const deny = (content: string, reason: DenyReason): ReviewResponse => ({
  ReviewResult: 'DENY',
  Content: content,
  Attributes: { Reason: reason },
});
