import { z } from 'zod';
import { ORDER_ENTITY } from './model';

/**
 * The transactional outbox: the orders table's stream is the only source of fulfilment messages.
 * This filter and message shape are declared once; the EventBridge Pipe (CDK) and the local stream
 * poller (local/wiring/orders-stream.ts) both use them.
 */

/** EventBridge filter pattern on a DynamoDB stream record: a new order, nothing else. */
export const outboxFilterPattern = {
  eventName: ['INSERT'],
  dynamodb: { NewImage: { entityType: { S: [ORDER_ENTITY] }, status: { S: ['PLACED'] } } },
} as const;

/**
 * How long a record that cannot reach the fulfilment queue is retried before the Pipe gives up on it and
 * puts its batch's description (shard and sequence numbers, not the record) in the outbox DLQ: whichever
 * comes first. An hour leaves most of the stream's 24 h retention to read the records again; the order
 * itself stays PLACED in the table, so nothing is lost, only late. The local poller honours the attempts.
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

type Pattern = { readonly [key: string]: Pattern | readonly (string | number | boolean)[] };

/** The subset of EventBridge pattern matching the outbox uses: nested objects and lists of exact values. */
export function matchesPattern(pattern: Pattern, value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  return Object.entries(pattern).every(([name, expected]) => {
    const actual = (value as Record<string, unknown>)[name];
    return Array.isArray(expected) ? (expected as readonly unknown[]).includes(actual) : matchesPattern(expected as Pattern, actual);
  });
}

/** A DynamoDB stream record as both the Streams API and a Pipe deliver it (attribute values typed). */
export interface StreamRecordLike {
  eventName?: string;
  dynamodb?: { NewImage?: Record<string, { S?: string } | Record<string, unknown>> };
}

export const isOutboxRecord = (record: StreamRecordLike) => matchesPattern(outboxFilterPattern, record);

/** What the Pipe's input template produces for a record that passed the filter. */
export function outboxMessage(record: StreamRecordLike): FulfilmentMessage {
  const image = record.dynamodb?.NewImage ?? {};
  const text = (field: string) => (image[field] as { S?: string } | undefined)?.S;
  return fulfilmentMessageSchema.parse(Object.fromEntries(messageFields.map((field) => [field, text(field)])));
}
