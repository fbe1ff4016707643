import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { itemDecoder } from '../../core/item-decoder';
import { inboxPartition, notificationKey, type NotificationItem } from '../model';
import { partitionPage, type Page } from './paging';
import { db, liveTable } from './table';

export const decodeNotification = itemDecoder(
  'notification',
  z.object({
    notificationId: z.string(),
    userId: z.string(),
    kind: z.literal('SELLER_LIVE'),
    sellerId: z.string(),
    broadcastId: z.string(),
    displayName: z.string(),
    playbackUrl: z.string(),
    at: z.string(),
    expiresAt: z.number(),
  }) satisfies z.ZodType<NotificationItem>,
);

/** BatchWriteItem takes at most 25 requests. */
const BATCH = 25;
const DEFAULT_MAX_ATTEMPTS = 8;

export class UnprocessedWritesError extends Error {
  override readonly name = 'UnprocessedWritesError';
  constructor(readonly unprocessed: number) {
    super(`BatchWriteItem left ${unprocessed} notification(s) unprocessed after retries`);
  }
}

export interface NotificationWriterOptions {
  client?: Pick<DynamoDBDocumentClient, 'send'>;
  table?: string;
  maxAttempts?: number;
  sleep?: (ms: number) => Promise<void>;
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
/** Exponential with full jitter: throttled writers spread out instead of retrying in step. */
const backoff = (attempt: number) => Math.random() * Math.min(2000, 50 * 2 ** attempt);

/**
 * Puts the notifications, 25 per BatchWriteItem, chunks in parallel; what DynamoDB leaves unprocessed
 * (throttling) is sent again with backoff, then it throws rather than lose any silently. A put of an
 * existing notification rewrites the same item: ids are deterministic, so a retry never adds one.
 * Returns the number of write requests sent (retries included), for the writes-per-notification figure.
 */
export async function putNotifications(items: readonly NotificationItem[], options: NotificationWriterOptions = {}): Promise<number> {
  const { client = db, table = liveTable, maxAttempts = DEFAULT_MAX_ATTEMPTS, sleep = pause } = options;
  let requests = 0;
  const writeChunk = async (chunk: readonly NotificationItem[]) => {
    let pending: Record<string, unknown>[] = chunk.map((item) => ({
      PutRequest: { Item: { ...notificationKey(item.userId, item.broadcastId, item.notificationId), ...item } },
    }));
    for (let attempt = 0; pending.length > 0; attempt += 1) {
      if (attempt >= maxAttempts) throw new UnprocessedWritesError(pending.length);
      if (attempt > 0) await sleep(backoff(attempt));
      requests += pending.length;
      const result = await client.send(new BatchWriteCommand({ RequestItems: { [table]: pending } }));
      pending = result.UnprocessedItems?.[table] ?? [];
    }
  };
  const chunks: NotificationItem[][] = [];
  for (let start = 0; start < items.length; start += BATCH) chunks.push(items.slice(start, start + BATCH));
  await Promise.all(chunks.map(writeChunk));
  return requests;
}

export function listNotifications(userId: string, options: { limit: number; cursor?: string | undefined }): Promise<Page<NotificationItem>> {
  return partitionPage('notifications', inboxPartition(userId), { limit: options.limit, cursor: options.cursor, newestFirst: true, decode: decodeNotification });
}
