import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SQSClient,
  type Message,
} from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { fanoutWorkerFunction } from '../../lambdas/live/routes';
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

/**
 * The go-live fan-out worker's SQS event source, locally (as the fulfilment one): long-polls the queue,
 * invokes the worker with batches of `fanoutWorkerFunction.batchSize`, deletes what succeeded and makes
 * the reported failures visible again after a second (fauxqs moves them to the DLQ past maxReceiveCount).
 * Control route: GET /_local/queues/live-fanout.
 */
export function liveFanoutQueueExtension(options: { pollers?: number } = {}): LocalExtension {
  const pollers = options.pollers ?? 4;
  let stopped = false;
  const loops: Promise<void>[] = [];
  let sqs: SQSClient | undefined;

  return {
    name: 'live-fanout-queue',
    async start(context) {
      const client = new SQSClient({ endpoint: context.endpoints.sqsS3, region: localRegion, credentials: localCredentials });
      sqs = client;
      const queueUrl = context.env[queues.liveFanout.envName]!;
      const dlqUrl = context.env[queues.liveFanoutDlq.envName]!;
      const { Attributes } = await client.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }));
      const queueArn = Attributes?.QueueArn ?? '';

      const pollOnce = async () => {
        const { Messages } = await client.send(
          new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: fanoutWorkerFunction.batchSize, WaitTimeSeconds: 1, MessageSystemAttributeNames: ['All'] }),
        );
        if (!Messages?.length) return;
        const event: SQSEvent = { Records: Messages.map((message) => toSqsRecord(message, queueArn)) };
        let failed: Set<string>;
        try {
          const response = (await context.functions.invoke(fanoutWorkerFunction, event)) as SQSBatchResponse;
          failed = new Set(response.batchItemFailures.map((failure) => failure.itemIdentifier));
        } catch {
          failed = new Set(Messages.map((message) => message.MessageId!));
        }
        const succeeded = Messages.filter((message) => !failed.has(message.MessageId!));
        const retried = Messages.filter((message) => failed.has(message.MessageId!));
        if (succeeded.length) {
          await client.send(
            new DeleteMessageBatchCommand({ QueueUrl: queueUrl, Entries: succeeded.map((message, index) => ({ Id: String(index), ReceiptHandle: message.ReceiptHandle! })) }),
          );
        }
        if (retried.length) {
          await client.send(
            new ChangeMessageVisibilityBatchCommand({
              QueueUrl: queueUrl,
              Entries: retried.map((message, index) => ({ Id: String(index), ReceiptHandle: message.ReceiptHandle!, VisibilityTimeout: 1 })),
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
                if (!stopped) console.error('[live-fanout-queue] polling failed, retrying', error);
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
            path: '/_local/queues/live-fanout',
            handle: async () => {
              const [liveFanout, dlq] = await Promise.all([depth(queueUrl), depth(dlqUrl)]);
              return { status: 200, body: { liveFanout, liveFanoutDlq: { visible: dlq.visible } } };
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
