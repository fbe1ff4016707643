import type { _Record as StreamRecord } from '@aws-sdk/client-dynamodb-streams';

/** One SendMessageBatch entry. */
export interface BatchEntry {
  Id: string;
  MessageBody: string;
}

/** Sends a batch and names the entries SQS refused; throws when the call itself fails. */
export type SendBatch = (entries: BatchEntry[]) => Promise<{ failedIds: string[] }>;

export interface RetryOptions {
  /** Retries after the first attempt, as the Pipe's MaximumRetryAttempts (lambdas/orders/outbox.ts). */
  maximumRetryAttempts: number;
  pause: () => Promise<void>;
  /** Checked before each retry: a runtime shutting down stops retrying (nothing is dead-lettered then). */
  stopped: () => boolean;
}

/**
 * Sends the entries, then retries only those that failed (a call that throws fails them all), at most
 * `maximumRetryAttempts` more times. Returns the entries never delivered.
 */
export async function sendWithRetries(entries: BatchEntry[], send: SendBatch, options: RetryOptions): Promise<BatchEntry[]> {
  let pending = entries;
  for (let attempt = 0; pending.length > 0; attempt++) {
    if (attempt > 0) {
      if (attempt > options.maximumRetryAttempts || options.stopped()) return pending;
      await options.pause();
    }
    try {
      const { failedIds } = await send(pending);
      const failed = new Set(failedIds);
      pending = pending.filter((entry) => failed.has(entry.Id));
    } catch {
      // the whole attempt failed: every pending entry is retried
    }
  }
  return pending;
}

/**
 * What the outbox DLQ receives for stream records given up on: where they are in the stream, not the
 * records themselves (shaped like the batch description AWS sends for DynamoDB stream sources).
 */
export function streamBatchDeadLetter(streamArn: string, shardId: string, records: readonly StreamRecord[], now: Date) {
  const arrivals = records.map((record) => record.dynamodb?.ApproximateCreationDateTime?.toISOString());
  return {
    version: '1.0',
    timestamp: now.toISOString(),
    context: { condition: 'RetryAttemptsExhausted' },
    DDBStreamBatchInfo: {
      shardId,
      startSequenceNumber: records[0]?.dynamodb?.SequenceNumber,
      endSequenceNumber: records.at(-1)?.dynamodb?.SequenceNumber,
      approximateArrivalOfFirstRecord: arrivals[0],
      approximateArrivalOfLastRecord: arrivals.at(-1),
      batchSize: records.length,
      streamArn,
    },
  };
}
