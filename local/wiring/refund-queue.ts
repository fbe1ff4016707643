import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { queues } from '../../lib/topology';
import { localCredentials, localRegion } from '../emulators/local-aws';
import type { LocalExtension } from '../extension';
import { redrive, toSqsRecord } from './fulfilment-queue';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The refund worker as the local runtime runs it (lib/constructs/orders-capability.ts deploys the same entry). */
export const refundWorkerFunction = { id: 'refund-worker', entry: 'lambdas/payments/refund/handler.ts', timeoutSeconds: 30 } as const;

/**
 * The refund worker's SQS event source, locally, as the fulfilment queue's: receive a batch, invoke the
 * worker, delete what it did not report failed, make the failed ones visible again after
 * `retryDelaySeconds` (deployed: the visibility timeout). Past maxReceiveCount fauxqs moves a message to
 * the refund DLQ. Control routes: GET /_local/queues/refund, POST /_local/queues/refund-dlq/redrive.
 */
export function refundQueueExtension(options: { retryDelaySeconds?: number } = {}): LocalExtension {
  const retryDelaySeconds = options.retryDelaySeconds ?? Number(process.env.LOCAL_REFUND_RETRY_DELAY_SECONDS ?? 1);
  let stopped = false;
  let loop: Promise<void> | undefined;
  let sqs: SQSClient | undefined;

  return {
    name: 'refund-queue',
    async start(context) {
      const client = new SQSClient({ endpoint: context.endpoints.sqsS3, region: localRegion, credentials: localCredentials });
      sqs = client;
      const queueUrl = context.env[queues.refund.envName]!;
      const dlqUrl = context.env[queues.refundDlq.envName]!;
      const { Attributes } = await client.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }));
      const queueArn = Attributes?.QueueArn ?? '';

      const pollOnce = async () => {
        const { Messages } = await client.send(
          new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1, MessageSystemAttributeNames: ['All'] }),
        );
        if (!Messages?.length) return;
        const event: SQSEvent = { Records: Messages.map((message) => toSqsRecord(message, queueArn)) };
        let failed: Set<string>;
        try {
          const response = (await context.functions.invoke(refundWorkerFunction, event)) as SQSBatchResponse;
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
              Entries: retried.map((message, index) => ({ Id: String(index), ReceiptHandle: message.ReceiptHandle!, VisibilityTimeout: retryDelaySeconds })),
            }),
          );
        }
      };

      loop = (async () => {
        while (!stopped) {
          try {
            await pollOnce();
          } catch (error) {
            if (!stopped) console.error('[refund-queue] polling failed, retrying', error);
            await sleep(500);
          }
        }
      })();

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
            path: '/_local/queues/refund',
            handle: async () => {
              const [refund, dlq] = await Promise.all([depth(queueUrl), depth(dlqUrl)]);
              return { status: 200, body: { refund, refundDlq: { visible: dlq.visible } } };
            },
          },
          {
            method: 'POST',
            path: '/_local/queues/refund-dlq/redrive',
            handle: async () => ({ status: 200, body: { moved: await redrive(client, dlqUrl, queueUrl) } }),
          },
        ],
      };
    },
    async stop() {
      stopped = true;
      await loop;
      sqs?.destroy();
    },
  };
}
