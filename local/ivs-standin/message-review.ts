import type { StandInClock } from './clock';
import { chatEventId } from './ids';
import type { RoomRecord } from './model';
import { isPlainObject } from './request-reader';

/** The payload IVS Chat invokes a room's review Lambda with, once per SendMessage. */
export interface ChatMessageReviewEvent {
  Content: string;
  MessageId: string;
  RoomArn: string;
  Attributes: Record<string, string>;
  Sender: { UserId: string; Attributes: Record<string, string>; Ip: string };
}

/** What the review Lambda must answer; anything else counts as an invalid response. */
export interface ChatMessageReviewResponse {
  ReviewResult: 'ALLOW' | 'DENY';
  Content?: string;
  Attributes?: Record<string, string>;
}

export type ReviewHandler = (event: ChatMessageReviewEvent) => Promise<unknown>;

export type ReviewDecider =
  /** The handler answered validly in time. */
  | 'handler'
  /** The handler timed out, failed, answered invalidly or does not exist: the room's fallbackResult applied. */
  | 'fallback'
  /** No handler on the room, or the room's own limits rejected the message before review. */
  | 'room';

export interface ReviewedMessage {
  messageId: string;
  reviewResult: 'ALLOW' | 'DENY';
  /** On ALLOW, what viewers see; on DENY, what the handler returned (or the original), which nobody sees. */
  content: string;
  /** `Attributes.Reason` of a DENY, which IVS Chat passes to the sender with its 406. */
  reason?: string;
  attributes: Record<string, string>;
  decidedBy: ReviewDecider;
  /** Why the fallback applied. */
  fallbackCause?: 'timeout' | 'error' | 'invalid-response' | 'handler-not-found';
  durationMs: number;
}

export interface OutgoingMessage {
  userId: string;
  content: string;
  attributes?: Record<string, string>;
  ip?: string;
}

export interface ReviewContext {
  room: RoomRecord;
  senderAttributes: Record<string, string>;
  resolveHandler: (lambdaArn: string) => ReviewHandler | undefined;
  timeoutMs: number;
  clock: StandInClock;
}

/** Runs one message through the room's review handler the way IVS Chat does, 200 ms hard limit included. */
export async function reviewChatMessage(message: OutgoingMessage, context: ReviewContext): Promise<ReviewedMessage> {
  const { clock } = context;
  const started = clock.now();
  const messageId = chatEventId();
  const attributes = { ...(message.attributes ?? {}) };
  const elapsed = () => Math.round(clock.now() - started);
  const decide = (verdict: Omit<ReviewedMessage, 'messageId' | 'durationMs'>): ReviewedMessage => ({
    messageId,
    ...verdict,
    durationMs: elapsed(),
  });
  const { room } = context;

  if (message.content.length > room.maximumMessageLength) {
    const reason = 'MessageTooLong';
    return decide({ reviewResult: 'DENY', content: message.content, reason, attributes, decidedBy: 'room' });
  }
  const handlerConfig = room.messageReviewHandler;
  if (!handlerConfig) {
    return decide({ reviewResult: 'ALLOW', content: message.content, attributes, decidedBy: 'room' });
  }

  const fallback = (fallbackCause: NonNullable<ReviewedMessage['fallbackCause']>) =>
    decide({
      reviewResult: handlerConfig.fallbackResult,
      content: message.content,
      attributes,
      decidedBy: 'fallback',
      fallbackCause,
    });

  const handler = context.resolveHandler(handlerConfig.uri);
  if (!handler) return fallback('handler-not-found');

  const event: ChatMessageReviewEvent = {
    Content: message.content,
    MessageId: messageId,
    RoomArn: room.arn,
    Attributes: attributes,
    Sender: { UserId: message.userId, Attributes: { ...context.senderAttributes }, Ip: message.ip ?? '127.0.0.1' },
  };
  const outcome = await invokeWithDeadline(handler, structuredClone(event), context.timeoutMs, clock);
  // A handler that blocks the event loop cannot be pre-empted, but IVS would still have given up on it.
  if (outcome.kind === 'timeout' || elapsed() > context.timeoutMs) return fallback('timeout');
  if (outcome.kind === 'error') return fallback('error');

  const response = asReviewResponse(outcome.value, room.maximumMessageLength);
  if (!response) return fallback('invalid-response');
  const returnedAttributes = response.Attributes ?? {};
  const reason = response.ReviewResult === 'DENY' ? returnedAttributes.Reason : undefined;
  return decide({
    reviewResult: response.ReviewResult,
    content: response.Content ?? message.content,
    ...(reason === undefined ? {} : { reason }),
    attributes: returnedAttributes,
    decidedBy: 'handler',
  });
}

type InvocationOutcome = { kind: 'value'; value: unknown } | { kind: 'error' } | { kind: 'timeout' };

async function invokeWithDeadline(handler: ReviewHandler, event: ChatMessageReviewEvent, timeoutMs: number, clock: StandInClock) {
  let cancelDeadline = () => {};
  const deadline = new Promise<InvocationOutcome>((resolve) => {
    cancelDeadline = clock.schedule(() => resolve({ kind: 'timeout' }), timeoutMs);
  });
  const invocation = (async (): Promise<InvocationOutcome> => {
    try {
      // Lambda hands back JSON, so whatever the function returns goes through a JSON round trip.
      const value: unknown = await handler(event);
      return { kind: 'value', value: value === undefined ? null : JSON.parse(JSON.stringify(value)) };
    } catch {
      return { kind: 'error' };
    }
  })();
  try {
    return await Promise.race([invocation, deadline]);
  } finally {
    cancelDeadline();
  }
}

function asReviewResponse(value: unknown, maximumMessageLength: number): ChatMessageReviewResponse | undefined {
  if (!isPlainObject(value)) return undefined;
  const { ReviewResult, Content, Attributes } = value;
  if (ReviewResult !== 'ALLOW' && ReviewResult !== 'DENY') return undefined;
  if (Content !== undefined && (typeof Content !== 'string' || Content.length > maximumMessageLength)) return undefined;
  if (ReviewResult === 'ALLOW' && (typeof Content !== 'string' || Content.length === 0)) return undefined;
  const stringMap = isPlainObject(Attributes) && Object.values(Attributes).every((v) => typeof v === 'string');
  if (Attributes !== undefined && !stringMap) return undefined;
  return {
    ReviewResult,
    ...(Content === undefined ? {} : { Content }),
    ...(Attributes === undefined ? {} : { Attributes: Attributes as Record<string, string> }),
  };
}
