import { z } from 'zod';
import { ORDER_ENTITY } from './model';

/**
 * The transactional outbox: the orders table's stream is the only source of fulfilment and refund
 * messages, so a message exists exactly when the state change committed. Each filter and message shape
 * is declared once; the EventBridge Pipes (CDK) and the local stream poller
 * (local/wiring/orders-stream.ts) both use them.
 *
 * Pipes filter a DynamoDB stream record as the JSON the stream delivers: with NEW_AND_OLD_IMAGES, a
 * MODIFY carries both images, typed ({ S: … }). A pattern on OldImage therefore tells "became PAID" from
 * "is PAID": only the one write that moved the order out of PENDING_PAYMENT passes, never a later
 * write to a PAID order. `exists: false` matches only leaves, so it names the leaf (`refund.M.status.S`).
 */

/** A newly PAID order: the one MODIFY whose old image was PENDING_PAYMENT and new image PAID. */
export const outboxFilterPattern = {
  eventName: ['MODIFY'],
  dynamodb: {
    NewImage: { entityType: { S: [ORDER_ENTITY] }, status: { S: ['PAID'] } },
    OldImage: { status: { S: ['PENDING_PAYMENT'] } },
  },
} as const;

/**
 * A refund became due: the one MODIFY that gave the order a PENDING refund (a paid order cancelled, or
 * money for an order that expired or was cancelled). Never again for that order: the refund then only
 * moves to SUCCEEDED, and its old image has a refund.
 */
export const refundFilterPattern = {
  eventName: ['MODIFY'],
  dynamodb: {
    NewImage: { entityType: { S: [ORDER_ENTITY] }, refund: { M: { status: { S: ['PENDING'] } } } },
    OldImage: { refund: { M: { status: { S: [{ exists: false }] } } } },
  },
} as const;

/**
 * How long a record that cannot reach the fulfilment queue is retried before the Pipe gives up on it and
 * puts its batch's description (shard and sequence numbers, not the record) in the outbox DLQ: whichever
 * comes first. An hour leaves most of the stream's 24 h retention to read the records again; the order
 * itself stays PAID in the table, so nothing is lost, only late. The local poller honours the attempts.
 */
export const outboxRetryPolicy = { maximumRetryAttempts: 10, maximumRecordAgeSeconds: 3600 } as const;

export const fulfilmentMessageSchema = z.object({
  orderId: z.string().min(1),
  sellerId: z.string().min(1),
  buyerId: z.string().min(1),
  createdAt: z.string().min(1),
});
export type FulfilmentMessage = z.infer<typeof fulfilmentMessageSchema>;

const messageFields = ['orderId', 'sellerId', 'buyerId', 'createdAt'] as const satisfies readonly (keyof FulfilmentMessage)[];

/** The Pipe's input template: the same four string attributes of the new image. */
export const pipeInputTemplate = `{${messageFields.map((field) => `"${field}": "<$.dynamodb.NewImage.${field}.S>"`).join(', ')}}`;

type Matcher = string | number | boolean | { readonly exists: boolean };
type Pattern = { readonly [key: string]: Pattern | readonly Matcher[] };

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/** One leaf matcher: an exact value, or `{ exists }` (EventBridge: a missing leaf matches `exists: false`). */
const leafMatches = (matcher: Matcher, actual: unknown) =>
  typeof matcher === 'object' ? matcher.exists === (actual !== undefined && !isRecord(actual)) : matcher === actual;

/**
 * The subset of EventBridge pattern matching the outbox uses: nested objects, lists of exact values and
 * `exists`. A path through a missing object reaches a missing leaf, as in EventBridge.
 */
export function matchesPattern(pattern: Pattern, value: unknown): boolean {
  return Object.entries(pattern).every(([name, expected]) => {
    const actual = isRecord(value) ? value[name] : undefined;
    return Array.isArray(expected) ? (expected as readonly Matcher[]).some((matcher) => leafMatches(matcher, actual)) : matchesPattern(expected as Pattern, actual);
  });
}

type TypedImage = Record<string, { S?: string } | Record<string, unknown>>;

/** A DynamoDB stream record as both the Streams API and a Pipe deliver it (attribute values typed). */
export interface StreamRecordLike {
  eventName?: string;
  dynamodb?: { NewImage?: TypedImage; OldImage?: TypedImage };
}

export const isOutboxRecord = (record: StreamRecordLike) => matchesPattern(outboxFilterPattern, record);
export const isRefundRecord = (record: StreamRecordLike) => matchesPattern(refundFilterPattern, record);

export const refundMessageSchema = z.object({ orderId: z.string().min(1) });
export type RefundMessage = z.infer<typeof refundMessageSchema>;

/** The refund Pipe's input template: the order id only; the worker reads the order for the rest. */
export const refundPipeInputTemplate = '{"orderId": "<$.dynamodb.NewImage.orderId.S>"}';

export function refundMessage(record: StreamRecordLike): RefundMessage {
  return refundMessageSchema.parse({ orderId: (record.dynamodb?.NewImage?.orderId as { S?: string } | undefined)?.S });
}

/** What the Pipe's input template produces for a record that passed the filter. */
export function outboxMessage(record: StreamRecordLike): FulfilmentMessage {
  const image = record.dynamodb?.NewImage ?? {};
  const text = (field: string) => (image[field] as { S?: string } | undefined)?.S;
  return fulfilmentMessageSchema.parse(Object.fromEntries(messageFields.map((field) => [field, text(field)])));
}
