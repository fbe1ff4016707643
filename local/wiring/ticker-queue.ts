import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SQSClient,
  type Message,
} from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { tickerWorkerFunction } from '../../lambdas/live/routes';
import { queues } from '../../lib/topology';
import { localAccountId, localCredentials, localRegion } from '../emulators/local-aws';
import type { LocalExtension } from '../extension';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function toSqsRecord(message: Message, queueArn: string): SQSRecord {
  const attributes = message.Attributes ?? {};
  return {
    messageId: message.MessageId!,
    receiptHandle: message.ReceiptHandle!,
    body: message.Body ?? '',
    attributes: {
      ApproximateReceiveCount: attributes.ApproximateReceiveCount ?? '1',
      SentTimestamp: attributes.SentTimestamp ?? String(Date.now()),
      SenderId: attributes.SenderId ?? localAccountId,
      ApproximateFirstReceiveTimestamp: attributes.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
    },
    messageAttributes: {},
    md5OfBody: message.MD5OfBody ?? '',
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion: localRegion,
  };
}

/** SQS gives at most 10 messages per ReceiveMessage: a poller gathers up to the batch size within the window, as Lambda's poller does. */
const RECEIVE_MAX = 10;

/**
 * The sales ticker worker's SQS event source, locally (as the fan-out one): gathers up to
 * `tickerWorkerFunction.batchSize` messages within its batching window, invokes the worker, deletes
 * what succeeded and makes the reported failures visible again after a second (fauxqs moves them to
 * the DLQ past maxReceiveCount). Delayed flushes arrive when their DelaySeconds pass, as on SQS.
 * Control route: GET /_local/queues/ticker.
 */
export function tickerQueueExtension(options: { pollers?: number } = {}): LocalExtension {
  const pollers = options.pollers ?? 2;
  let stopped = false;
  const loops: Promise<void>[] = [];
  let sqs: SQSClient | undefined;

  return {
    name: 'ticker-queue',
    async start(context) {
      const client = new SQSClient({ endpoint: context.endpoints.sqsS3, region: localRegion, credentials: localCredentials });
      sqs = client;
      const queueUrl = context.env[queues.ticker.envName]!;
      const dlqUrl = context.env[queues.tickerDlq.envName]!;
      const { Attributes } = await client.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }));
      const queueArn = Attributes?.QueueArn ?? '';

      const pollOnce = async () => {
        const Messages: Message[] = [];
        const windowEnds = Date.now() + tickerWorkerFunction.maxBatchingWindowSeconds * 1000;
        while (Messages.length < tickerWorkerFunction.batchSize && !stopped) {
          const { Messages: received } = await client.send(
            new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: RECEIVE_MAX, WaitTimeSeconds: Messages.length ? 0 : 1, MessageSystemAttributeNames: ['All'] }),
          );
          Messages.push(...(received ?? []));
          if (!received?.length && (Messages.length === 0 || Date.now() >= windowEnds)) break;
          if (Date.now() >= windowEnds) break;
        }
        if (!Messages.length) return;
        const event: SQSEvent = { Records: Messages.map((message) => toSqsRecord(message, queueArn)) };
        let failed: Set<string>;
        try {
          const response = (await context.functions.invoke(tickerWorkerFunction, event)) as SQSBatchResponse;
          failed = new Set(response.batchItemFailures.map((failure) => failure.itemIdentifier));
        } catch {
          failed = new Set(Messages.map((message) => message.MessageId!));
        }
        const succeeded = Messages.filter((message) => !failed.has(message.MessageId!));
        const retried = Messages.filter((message) => failed.has(message.MessageId!));
        for (let start = 0; start < succeeded.length; start += RECEIVE_MAX) {
          const chunk = succeeded.slice(start, start + RECEIVE_MAX);
          await client.send(new DeleteMessageBatchCommand({ QueueUrl: queueUrl, Entries: chunk.map((message, index) => ({ Id: String(index), ReceiptHandle: message.ReceiptHandle! })) }));
        }
        for (let start = 0; start < retried.length; start += RECEIVE_MAX) {
          const chunk = retried.slice(start, start + RECEIVE_MAX);
          await client.send(
            new ChangeMessageVisibilityBatchCommand({
              QueueUrl: queueUrl,
              Entries: chunk.map((message, index) => ({ Id: String(index), ReceiptHandle: message.ReceiptHandle!, VisibilityTimeout: 1 })),
            }),
          );
        }
      };

      for (let i = 0; i < pollers; i++) {
        loops.push(
          (async () => {
            while (!stopped) {
              try {
                await pollOnce();
              } catch (error) {
                if (!stopped) console.error('[ticker-queue] polling failed, retrying', error);
                await sleep(500);
              }
            }
          })(),
        );
      }

      const depth = async (url: string) => {
        const { Attributes: a } = await client.send(
          new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }),
        );
        return { visible: Number(a?.ApproximateNumberOfMessages ?? 0), inFlight: Number(a?.ApproximateNumberOfMessagesNotVisible ?? 0) };
      };

      return {
        controlRoutes: [
          {
            method: 'GET',
            path: '/_local/queues/ticker',
            handle: async () => {
              const [ticker, dlq] = await Promise.all([depth(queueUrl), depth(dlqUrl)]);
              return { status: 200, body: { ticker, tickerDlq: { visible: dlq.visible } } };
            },
          },
        ],
      };
    },
    async stop() {
      stopped = true;
      await Promise.all(loops.splice(0));
      sqs?.destroy();
    },
  };
}
