import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record as StreamRecord,
} from '@aws-sdk/client-dynamodb-streams';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { queues, tables } from '../../lib/topology';
import { isOutboxRecord, isRefundRecord, outboxMessage, refundMessage, type StreamRecordLike } from '../../lambdas/orders/outbox';
import { localCredentials, localRegion } from '../emulators/local-aws';
import type { LocalExtension } from '../extension';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface ShardCursor {
  iterator: string;
  lastSequence?: string;
}

/** One Pipe of the deployed stack: its filter, its input template, its target queue. */
interface PipeRoute {
  name: string;
  matches(record: StreamRecordLike): boolean;
  message(record: StreamRecordLike): unknown;
  queueUrl: string;
}

/**
 * The EventBridge Pipes of the deployed stack, locally: reads the orders table's stream on DynamoDB Local,
 * keeps the records that pass each Pipe's filter (a newly PAID order → fulfilment; a refund that became
 * PENDING → refunds), shapes them with the same template and sends them to that Pipe's queue. A batch's position only advances once its messages are in the
 * queue, so a crash repeats messages rather than losing them (at-least-once, like the Pipe).
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
      clients.push(dynamodb, streams, sqs);
      const { Table } = await dynamodb.send(new DescribeTableCommand({ TableName: tables.orders.localName }));
      const streamArn = Table?.LatestStreamArn;
      if (!streamArn) throw new Error(`The ${tables.orders.localName} table has no stream`);
      const queueUrl = (name: string) => {
        const url = context.env[name];
        if (!url) throw new Error(`No ${name} in the runtime environment`);
        return url;
      };
      const pipes: PipeRoute[] = [
        { name: 'fulfilment', matches: isOutboxRecord, message: outboxMessage, queueUrl: queueUrl(queues.fulfilment.envName) },
        { name: 'refund', matches: isRefundRecord, message: refundMessage, queueUrl: queueUrl(queues.refund.envName) },
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

      const deliver = async (queueUrl: string, messages: unknown[]) => {
        for (let i = 0; i < messages.length; i += 10) {
          let entries = messages.slice(i, i + 10).map((message, index) => ({ Id: String(index), MessageBody: JSON.stringify(message) }));
          while (entries.length && !stopped) {
            const { Failed } = await sqs.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries }));
            const failed = new Set((Failed ?? []).map((entry) => entry.Id));
            entries = entries.filter((entry) => failed.has(entry.Id));
            if (entries.length) await sleep(pollIntervalMs);
          }
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
        for (const pipe of pipes) {
          const matching = records.map((record) => record as StreamRecordLike).filter((record) => pipe.matches(record));
          await deliver(pipe.queueUrl, matching.map((record) => pipe.message(record)));
        }
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
