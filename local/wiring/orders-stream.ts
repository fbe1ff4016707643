import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record as StreamRecord,
} from '@aws-sdk/client-dynamodb-streams';
import { PublishBatchCommand, SNSClient } from '@aws-sdk/client-sns';
import { SendMessageBatchCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { queues, tables, topics } from '../../lib/topology';
import { isOutboxRecord, isRefundRecord, outboxMessage, outboxRetryPolicy, refundMessage, type StreamRecordLike } from '../../lambdas/orders/outbox';
import { localCredentials, localRegion } from '../emulators/local-aws';
import type { LocalExtension } from '../extension';
import { sendWithRetries, streamBatchDeadLetter, type SendBatch } from './outbox-delivery';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** One deployed Pipe: its filter, its input template, its target (a queue or a topic) and its own dead-letter queue. */
interface PipeRoute {
  name: string;
  matches(record: StreamRecordLike): boolean;
  message(record: StreamRecordLike): unknown;
  send: SendBatch;
  deadLetterUrl: string;
}

interface ShardCursor {
  iterator: string;
  lastSequence?: string;
}

/**
 * The EventBridge Pipes of the deployed stack, locally: reads the orders table's stream on DynamoDB Local,
 * keeps the records that pass each Pipe's filter (a newly PAID order → the "paid orders" topic, which
 * fans out to the fulfilment and ticker queues; a refund that became PENDING → refunds), shapes them
 * with the same template and sends them to that Pipe's target. A batch's position only advances once
 * its messages are delivered, so a crash repeats messages rather than
 * losing them (at-least-once, like the Pipe). Like the Pipe, it retries a refused message
 * `outboxRetryPolicy.maximumRetryAttempts` times, then describes its records in the Pipe's DLQ and moves
 * on (the record-age limit is not imitated).
 */
export function ordersStreamExtension(options: { pollIntervalMs?: number } = {}): LocalExtension {
  const pollIntervalMs = options.pollIntervalMs ?? 100;
  let stopped = false;
  let loop: Promise<void> | undefined;
  const clients: { destroy(): void }[] = [];

  return {
    name: 'orders-stream',
    async start(context) {
      const client = { endpoint: context.endpoints.dynamodb, region: localRegion, credentials: localCredentials };
      const dynamodb = new DynamoDBClient(client);
      const streams = new DynamoDBStreamsClient(client);
      const sqs = new SQSClient({ endpoint: context.endpoints.sqsS3, region: localRegion, credentials: localCredentials });
      const sns = new SNSClient({ endpoint: context.endpoints.sqsS3, region: localRegion, credentials: localCredentials });
      clients.push(dynamodb, streams, sqs, sns);
      const { Table } = await dynamodb.send(new DescribeTableCommand({ TableName: tables.orders.localName }));
      const streamArn = Table?.LatestStreamArn;
      if (!streamArn) throw new Error(`The ${tables.orders.localName} table has no stream`);
      const fromEnv = (name: string) => {
        const value = context.env[name];
        if (!value) throw new Error(`No ${name} in the runtime environment`);
        return value;
      };
      const sendBatchTo =
        (url: string): SendBatch =>
        async (entries) => {
          const { Failed } = await sqs.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: entries }));
          return { failedIds: (Failed ?? []).map((entry) => entry.Id!) };
        };
      const publishBatchTo =
        (topicArn: string): SendBatch =>
        async (entries) => {
          const { Failed } = await sns.send(new PublishBatchCommand({ TopicArn: topicArn, PublishBatchRequestEntries: entries.map(({ Id, MessageBody }) => ({ Id, Message: MessageBody })) }));
          return { failedIds: (Failed ?? []).map((entry) => entry.Id!) };
        };
      const pipes: PipeRoute[] = [
        { name: 'outbox', matches: isOutboxRecord, message: outboxMessage, send: publishBatchTo(fromEnv(topics.paidOrders.envName)), deadLetterUrl: fromEnv(queues.outboxDlq.envName) },
        { name: 'refund', matches: isRefundRecord, message: refundMessage, send: sendBatchTo(fromEnv(queues.refund.envName)), deadLetterUrl: fromEnv(queues.refundPipeDlq.envName) },
      ];

      const cursors = new Map<string, ShardCursor>();
      const finished = new Set<string>();
      let lastDiscovery = 0;

      const discoverShards = async () => {
        let start: string | undefined;
        do {
          const { StreamDescription } = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn, ExclusiveStartShardId: start }));
          for (const shard of StreamDescription?.Shards ?? []) {
            const shardId = shard.ShardId!;
            if (cursors.has(shardId) || finished.has(shardId)) continue;
            // From the oldest record: after a restart the stream is replayed; the worker is idempotent.
            const { ShardIterator } = await streams.send(
              new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: shardId, ShardIteratorType: 'TRIM_HORIZON' }),
            );
            if (ShardIterator) cursors.set(shardId, { iterator: ShardIterator });
          }
          start = StreamDescription?.LastEvaluatedShardId;
        } while (start);
        lastDiscovery = Date.now();
      };

      const retryOptions = {
        maximumRetryAttempts: outboxRetryPolicy.maximumRetryAttempts,
        pause: () => sleep(pollIntervalMs),
        stopped: () => stopped,
      };

      const deliver = async (pipe: PipeRoute, shardId: string, records: StreamRecord[]) => {
        for (let i = 0; i < records.length; i += 10) {
          const chunk = records.slice(i, i + 10);
          const entries = chunk.map((record, index) => ({ Id: String(index), MessageBody: JSON.stringify(pipe.message(record as StreamRecordLike)) }));
          const undelivered = new Set((await sendWithRetries(entries, pipe.send, retryOptions)).map((entry) => Number(entry.Id)));
          if (undelivered.size === 0 || stopped) continue;
          const given = chunk.filter((_, index) => undelivered.has(index));
          console.error(`[orders-stream] gave up on ${given.length} ${pipe.name} record(s) after ${outboxRetryPolicy.maximumRetryAttempts} retries: see its DLQ`);
          await sqs.send(new SendMessageCommand({ QueueUrl: pipe.deadLetterUrl, MessageBody: JSON.stringify(streamBatchDeadLetter(streamArn, shardId, given, new Date())) }));
        }
      };

      const pollShard = async (shardId: string, cursor: ShardCursor): Promise<number> => {
        let records: StreamRecord[];
        let next: string | undefined;
        try {
          const result = await streams.send(new GetRecordsCommand({ ShardIterator: cursor.iterator, Limit: 1000 }));
          records = result.Records ?? [];
          next = result.NextShardIterator;
        } catch (error) {
          // DynamoDB Local answers TrimmedDataAccessException for an iterator opened before the first
          // transactional write (its records start past the sequence number the iterator points at):
          // reopen from the last record delivered, which skips nothing.
          if (!['ExpiredIteratorException', 'TrimmedDataAccessException'].includes((error as Error).name)) throw error;
          const { ShardIterator } = await streams.send(
            new GetShardIteratorCommand({
              StreamArn: streamArn,
              ShardId: shardId,
              ...(cursor.lastSequence
                ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: cursor.lastSequence }
                : { ShardIteratorType: 'TRIM_HORIZON' }),
            }),
          );
          if (ShardIterator) cursors.set(shardId, { ...cursor, iterator: ShardIterator });
          return 0;
        }
        for (const pipe of pipes) await deliver(pipe, shardId, records.filter((record) => pipe.matches(record as StreamRecordLike)));
        const lastSequence = records.at(-1)?.dynamodb?.SequenceNumber ?? cursor.lastSequence;
        if (next) cursors.set(shardId, { iterator: next, ...(lastSequence ? { lastSequence } : {}) });
        else {
          cursors.delete(shardId);
          finished.add(shardId);
        }
        return records.length;
      };

      loop = (async () => {
        while (!stopped) {
          try {
            if (cursors.size === 0 || Date.now() - lastDiscovery > 2000) await discoverShards();
            let seen = 0;
            for (const [shardId, cursor] of [...cursors]) seen += await pollShard(shardId, cursor);
            if (seen === 0) await sleep(pollIntervalMs);
          } catch (error) {
            if (!stopped) console.error('[orders-stream] polling failed, retrying', error);
            await sleep(pollIntervalMs * 5);
          }
        }
      })();
    },
    async stop() {
      stopped = true;
      await loop;
      for (const client of clients.splice(0)) client.destroy();
    },
  };
}
