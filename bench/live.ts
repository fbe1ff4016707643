/**
 * Live commerce benchmark: `npm run bench:live` prints one JSON object.
 *
 * Fan-out: on its own DynamoDB Local and fauxqs, a seller with `--followers` (10,000) followers goes
 * live; the first fan-out message goes to the real queue, and the real worker handler
 * (lambdas/live/handlers/fan-out worker, Powertools batch) is driven by `--pollers` local pollers as
 * Lambda's SQS event source would (batches of 5, delete on success), until the chain is done. Then the
 * notifications of that broadcast are counted in the table (must equal the followers).
 * Baseline, in the same run and table: the same number of notifications (another broadcast) written by
 * one sequential loop of BatchWriteItem (25 per call), no queue, no pages; also counted.
 * Figures: wall times, their ratio, and write requests per notification (goal ≤ 1.1).
 * Ticker (bench/ticker.ts): 5,000 paid orders on one live room within 10 s; events sent, sum of count,
 * the busiest key's writes per second, against one counter item per room.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteMessageBatchCommand, ReceiveMessageCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { BatchWriteCommand, DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { startDynamoDbLocal } from '../local/emulators/dynamodb-local';
import { startFauxqsServer } from '../local/emulators/fauxqs';
import { localCredentials, localRegion } from '../local/emulators/local-aws';
import { lambdaContext } from '../local/lambda-context';
import { provisionTopology } from '../local/provision';
import { queues, tables } from '../lib/topology';
import { firstFanoutMessage } from '../lambdas/live/domain/fanout';
import { followerShard } from '../lambdas/live/domain/followers';
import { sellerLiveNotification, type GoLive } from '../lambdas/live/domain/notifications';
import { followerKey, notificationKey } from '../lambdas/live/model';
import { tickerBench } from './ticker';

const { values } = parseArgs({
  options: { followers: { type: 'string', default: '10000' }, pollers: { type: 'string', default: '4' }, 'ticker-orders': { type: 'string', default: '5000' } },
});
const TICKER_ORDERS = Number(values['ticker-orders']);
const FOLLOWERS = Number(values.followers);
const POLLERS = Number(values.pollers);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function batchWriteAll(documents: DynamoDBDocumentClient, table: string, items: Record<string, unknown>[]): Promise<number> {
  let requests = 0;
  for (let start = 0; start < items.length; start += 25) {
    let pending: Record<string, unknown>[] = items.slice(start, start + 25).map((Item) => ({ PutRequest: { Item } }));
    for (let attempt = 0; pending.length; attempt += 1) {
      if (attempt) await sleep(Math.min(1000, 25 * 2 ** attempt));
      requests += pending.length;
      const result = await documents.send(new BatchWriteCommand({ RequestItems: { [table]: pending } }));
      pending = result.UnprocessedItems?.[table] ?? [];
    }
  }
  return requests;
}

async function countNotifications(documents: DynamoDBDocumentClient, table: string, broadcastId: string): Promise<number> {
  let count = 0;
  let startKey: Record<string, unknown> | undefined;
  do {
    const result = await documents.send(
      new ScanCommand({ TableName: table, FilterExpression: 'broadcastId = :b', ExpressionAttributeValues: { ':b': broadcastId }, Select: 'COUNT', ExclusiveStartKey: startKey }),
    );
    count += result.Count ?? 0;
    startKey = result.LastEvaluatedKey;
  } while (startKey);
  return count;
}

async function main() {
  const dynamodb = await startDynamoDbLocal({});
  const fauxqs = await startFauxqsServer();
  try {
    const env = await provisionTopology({ dynamodb: dynamodb.endpoint, sqsS3: fauxqs.endpoint });
    Object.assign(process.env, env, {
      AWS_REGION: localRegion,
      AWS_ACCESS_KEY_ID: localCredentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: localCredentials.secretAccessKey,
      AWS_ENDPOINT_URL_DYNAMODB: dynamodb.endpoint,
      AWS_ENDPOINT_URL_SQS: fauxqs.endpoint,
      POWERTOOLS_LOG_LEVEL: 'SILENT',
      POWERTOOLS_METRICS_DISABLED: 'true',
      CURSOR_SIGNING_KEY: randomBytes(32).toString('base64url'),
    });
    const documents = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: dynamodb.endpoint, region: localRegion, credentials: localCredentials }));
    const sqs = new SQSClient({ endpoint: fauxqs.endpoint, region: localRegion, credentials: localCredentials, useQueueUrlAsEndpoint: false });
    const table = tables.live.localName;
    const queueUrl = env[queues.liveFanout.envName]!;

    const sellerId = 'bench-seller';
    const followerIds = Array.from({ length: FOLLOWERS }, (_, i) => `buyer-${String(i).padStart(6, '0')}`);
    const followedAt = new Date().toISOString();
    await batchWriteAll(
      documents,
      table,
      followerIds.map((buyerId) => ({ ...followerKey(sellerId, followerShard(buyerId), buyerId), buyerId, sellerId, followedAt })),
    );

    // The worker as deployed, its writes counted at the store boundary.
    const notifications = await import('../lambdas/live/store/notifications');
    const follows = await import('../lambdas/live/store/follows');
    const pages = await import('../lambdas/live/store/fanout-pages');
    const { createFanoutHandler } = await import('../lambdas/live/handlers/fanout-worker');
    const { sqsFanoutQueue } = await import('../lambdas/live/adapters/fanout-queue');
    let notificationWrites = 0;
    let pageMarks = 0;
    const handler = createFanoutHandler({
      followers: follows,
      notifications: {
        putNotifications: async (items) => {
          const sent = await notifications.putNotifications(items);
          notificationWrites += sent;
          return sent;
        },
      },
      pages: { isPageDone: pages.isPageDone, markPageDone: async (...args) => ((pageMarks += 1), pages.markPageDone(...args)) },
      queue: sqsFanoutQueue(sqs, queueUrl),
    });

    const now = new Date().toISOString();
    const goLive: GoLive = { sellerId, broadcastId: '01BENCHFANOUT000000000000A', displayName: 'bench', playbackUrl: 'https://p/x.m3u8', startedAt: now };
    const fanoutStart = performance.now();
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(firstFanoutMessage(goLive)) }));
    let busy = 0;
    let idleRounds = 0;
    let failures = 0;
    await Promise.all(
      Array.from({ length: POLLERS }, async () => {
        while (idleRounds < 3 * POLLERS) {
          const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 5, WaitTimeSeconds: 0, VisibilityTimeout: 120 }));
          if (!Messages?.length) {
            if (busy === 0) idleRounds += 1;
            await sleep(20);
            continue;
          }
          idleRounds = 0;
          busy += 1;
          const event: SQSEvent = {
            Records: Messages.map((m) => ({
              messageId: m.MessageId!,
              receiptHandle: m.ReceiptHandle!,
              body: m.Body ?? '',
              attributes: { ApproximateReceiveCount: '1', SentTimestamp: '0', SenderId: 'bench', ApproximateFirstReceiveTimestamp: '0' },
              messageAttributes: {},
              md5OfBody: '',
              eventSource: 'aws:sqs',
              eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:bench',
              awsRegion: localRegion,
            })),
          };
          const response = (await handler(event, lambdaContext('liveFanout'))) as SQSBatchResponse;
          failures += response.batchItemFailures.length;
          const failed = new Set(response.batchItemFailures.map((f) => f.itemIdentifier));
          const done = Messages.filter((m) => !failed.has(m.MessageId!));
          if (done.length) await sqs.send(new DeleteMessageBatchCommand({ QueueUrl: queueUrl, Entries: done.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })) }));
          busy -= 1;
        }
      }),
    );
    const fanoutMs = performance.now() - fanoutStart;
    const fanoutCounted = await countNotifications(documents, table, goLive.broadcastId);

    const baselineLive: GoLive = { ...goLive, broadcastId: '01BENCHBASELINE00000000000A' };
    const baselineStart = performance.now();
    const baselineWrites = await batchWriteAll(
      documents,
      table,
      followerIds.map((followerId) => {
        const item = sellerLiveNotification(baselineLive, followerId);
        return { ...notificationKey(followerId, item.broadcastId, item.notificationId), ...item };
      }),
    );
    const baselineMs = performance.now() - baselineStart;
    const baselineCounted = await countNotifications(documents, table, baselineLive.broadcastId);

    const writes = notificationWrites + pageMarks;
    const ticker = await tickerBench(documents, table, TICKER_ORDERS);
    console.log(
      JSON.stringify(
        {
          fanout: {
            followers: FOLLOWERS,
            pollers: POLLERS,
            wallMs: Math.round(fanoutMs),
            notificationsCounted: fanoutCounted,
            writeRequests: writes,
            notificationWrites,
            pageDoneMarks: pageMarks,
            writesPerNotification: Number((writes / FOLLOWERS).toFixed(4)),
            batchItemFailures: failures,
            goals: { wallMsAtMost: 60_000, writesPerNotificationAtMost: 1.1 },
            ok: fanoutCounted === FOLLOWERS && writes / FOLLOWERS <= 1.1 && fanoutMs <= 60_000,
          },
          baseline: { method: 'one sequential loop of BatchWriteItem (25 per call), no queue', wallMs: Math.round(baselineMs), writeRequests: baselineWrites, notificationsCounted: baselineCounted },
          ratio: { fanoutWallOverBaseline: Number((fanoutMs / baselineMs).toFixed(3)) },
          sameResult: fanoutCounted === baselineCounted,
          ticker,
        },
        null,
        2,
      ),
    );
    sqs.destroy();
  } finally {
    await fauxqs.stop();
    await dynamodb.stop();
  }
}

await main();
