import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SQSClient,
  type Message,
} from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { queues } from '../../lib/topology';
import { localAccountId, localCredentials, localRegion } from '../emulators/local-aws';
import type { LocalExtension } from '../extension';
import type { ControlRoute } from '../http-gateway';
import { FaultInjector, faultsSchema } from './fulfilment-faults';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The Lambda event source settings of the deployed worker (lib/constructs/orders-capability.ts). */
export const FULFILMENT_BATCH_SIZE = 10;

/** The worker as the local runtime runs it: the deployed handler, plus the faults tests inject. */
export const fulfilmentWorkerFunction = { id: 'fulfilment-worker', entry: 'local/wiring/fulfilment-worker.ts', timeoutSeconds: 60 } as const;

/** An SQS message as Lambda's event source hands it to the function. */
export function toSqsRecord(message: Message, queueArn: string): SQSRecord {
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

export interface FulfilmentQueueOptions {
  /** Concurrent pollers (Lambda scales its SQS pollers out the same way). */
  pollers?: number;
  /**
   * Lambda leaves a failed message invisible for the queue's whole visibility timeout (60 s) before the
   * next try. Locally a failed message is made visible again after this many seconds so that retries
   * and the way to the DLQ take seconds, not minutes. Receive counting and the DLQ are unchanged.
   */
  retryDelaySeconds?: number;
}

/**
 * The worker's SQS event source, locally: long-polls the fulfilment queue, invokes the worker with a
 * batch as Lambda would, deletes the records it did not report as failed and leaves the failed ones for
 * redelivery. fauxqs applies the queue's redrive policy: past maxReceiveCount a message moves to the DLQ.
 * Control routes: GET /_local/queues, POST /_local/queues/fulfilment-dlq/redrive, and
 * PUT|DELETE /_local/faults/fulfilment for tests.
 */
export function fulfilmentQueueExtension(options: FulfilmentQueueOptions = {}): LocalExtension {
  const pollers = options.pollers ?? 2;
  const retryDelaySeconds = options.retryDelaySeconds ?? Number(process.env.LOCAL_FULFILMENT_RETRY_DELAY_SECONDS ?? 1);
  const faults = new FaultInjector();
  let stopped = false;
  const loops: Promise<void>[] = [];
  let sqs: SQSClient | undefined;

  return {
    name: 'fulfilment-queue',
    async start(context) {
      const client = new SQSClient({ endpoint: context.endpoints.sqsS3, region: localRegion, credentials: localCredentials });
      sqs = client;
      const queueUrl = context.env[queues.fulfilment.envName]!;
      const dlqUrl = context.env[queues.fulfilmentDlq.envName]!;
      const outboxDlqUrl = context.env[queues.outboxDlq.envName]!;
      const { Attributes } = await client.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }));
      const queueArn = Attributes?.QueueArn ?? '';

      const pollOnce = async () => {
        const { Messages } = await client.send(
          new ReceiveMessageCommand({
            QueueUrl: queueUrl,
            MaxNumberOfMessages: FULFILMENT_BATCH_SIZE,
            WaitTimeSeconds: 1,
            MessageSystemAttributeNames: ['All'],
          }),
        );
        if (!Messages?.length) return;
        const event: SQSEvent = { Records: Messages.map((message) => faults.tag(toSqsRecord(message, queueArn))) };
        let failed: Set<string>;
        try {
          const response = (await context.functions.invoke(fulfilmentWorkerFunction, event)) as SQSBatchResponse;
          failed = new Set(response.batchItemFailures.map((failure) => failure.itemIdentifier));
        } catch {
          failed = new Set(Messages.map((message) => message.MessageId!)); // an invocation error fails the whole batch
        }
        const succeeded = Messages.filter((message) => !failed.has(message.MessageId!));
        const retried = Messages.filter((message) => failed.has(message.MessageId!));
        if (succeeded.length) {
          await client.send(
            new DeleteMessageBatchCommand({
              QueueUrl: queueUrl,
              Entries: succeeded.map((message, index) => ({ Id: String(index), ReceiptHandle: message.ReceiptHandle! })),
            }),
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

      for (let i = 0; i < pollers; i++) {
        loops.push(
          (async () => {
            while (!stopped) {
              try {
                await pollOnce();
              } catch (error) {
                if (!stopped) console.error('[fulfilment-queue] polling failed, retrying', error);
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

      const controlRoutes: ControlRoute[] = [
        {
          method: 'GET',
          path: '/_local/queues',
          handle: async () => {
            const [fulfilment, dlq, outboxDlq] = await Promise.all([depth(queueUrl), depth(dlqUrl), depth(outboxDlqUrl)]);
            return { status: 200, body: { fulfilment, fulfilmentDlq: { visible: dlq.visible }, outboxDlq: { visible: outboxDlq.visible } } };
          },
        },
        {
          method: 'POST',
          path: '/_local/queues/fulfilment-dlq/redrive',
          handle: async () => ({ status: 200, body: { moved: await redrive(client, dlqUrl, queueUrl) } }),
        },
        {
          method: 'PUT',
          path: '/_local/faults/fulfilment',
          handle: ({ body }) => {
            const parsed = faultsSchema.safeParse(body);
            if (!parsed.success) return { status: 400, body: { error: { code: 'VALIDATION_FAILED', message: parsed.error.message } } };
            faults.set(parsed.data);
            return { status: 200, body: parsed.data };
          },
        },
        {
          method: 'DELETE',
          path: '/_local/faults/fulfilment',
          handle: () => {
            faults.clear();
            return { status: 204 };
          },
        },
      ];
      return { controlRoutes };
    },
    async stop() {
      stopped = true;
      await Promise.all(loops.splice(0));
      sqs?.destroy();
    },
  };
}

/**
 * Moves every message from the DLQ back to its source queue (what SQS's StartMessageMoveTask does in
 * AWS; fauxqs does not implement it). Each message is sent before it is deleted: a crash in between
 * duplicates it, which the idempotent worker absorbs, rather than losing it.
 */
export async function redrive(client: SQSClient, dlqUrl: string, queueUrl: string): Promise<number> {
  let moved = 0;
  for (;;) {
    const { Messages } = await client.send(new ReceiveMessageCommand({ QueueUrl: dlqUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0, VisibilityTimeout: 30 }));
    if (!Messages?.length) return moved;
    const { Failed } = await client.send(
      new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: Messages.map((message, index) => ({ Id: String(index), MessageBody: message.Body ?? '' })) }),
    );
    const failed = new Set((Failed ?? []).map((entry) => entry.Id));
    const sent = Messages.filter((_, index) => !failed.has(String(index)));
    if (sent.length) {
      await client.send(
        new DeleteMessageBatchCommand({ QueueUrl: dlqUrl, Entries: sent.map((message, index) => ({ Id: String(index), ReceiptHandle: message.ReceiptHandle! })) }),
      );
    }
    moved += sent.length;
    if (failed.size) throw new Error(`${failed.size} messages could not be sent back; they stay in the DLQ`);
  }
}
