import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  type Message,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSRecord } from 'aws-lambda';
import { localAccountId, localRegion } from '../emulators/local-aws';
import type { FunctionSpec, LocalFunctions } from '../functions/local-functions';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** SQS hands out, deletes and re-times at most 10 messages per call. */
const SQS_BATCH_MAX = 10;

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

export interface SqsEventSourceSpec {
  /** For log lines. */
  name: string;
  client: SQSClient;
  functions: LocalFunctions;
  function: FunctionSpec;
  queueUrl: string;
  batchSize: number;
  /** Gather up to `batchSize` messages within this window (Lambda's MaximumBatchingWindowInSeconds); 0: one receive. */
  maxBatchingWindowSeconds?: number;
  /**
   * Lambda leaves a failed message invisible for the queue's visibility timeout before the next try;
   * locally it is visible again after this many seconds, so retries and the way to the DLQ take seconds.
   * Receive counting and the DLQ (fauxqs applies the redrive policy) are unchanged.
   */
  retryDelaySeconds: number;
  /** Concurrent pollers (Lambda scales its SQS pollers out the same way). */
  pollers: number;
  /** Changes a record before the function sees it (test fault injection). */
  tagRecord?: (record: SQSRecord) => SQSRecord;
}

/**
 * A Lambda SQS event source with partial batch failures, locally: long-polls the queue, invokes the
 * function with a batch, deletes the records it did not report failed and makes the failed ones visible
 * again after `retryDelaySeconds`. An invocation error fails the whole batch. Returns its stop function.
 */
export async function startSqsEventSource(spec: SqsEventSourceSpec): Promise<() => Promise<void>> {
  const { client, queueUrl } = spec;
  const { Attributes } = await client.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }));
  const queueArn = Attributes?.QueueArn ?? '';
  let stopped = false;

  const receiveBatch = async (): Promise<Message[]> => {
    const messages: Message[] = [];
    const windowEnds = Date.now() + (spec.maxBatchingWindowSeconds ?? 0) * 1000;
    while (messages.length < spec.batchSize && !stopped) {
      const { Messages: received = [] } = await client.send(
        new ReceiveMessageCommand({
          QueueUrl: queueUrl,
          MaxNumberOfMessages: Math.min(SQS_BATCH_MAX, spec.batchSize - messages.length),
          WaitTimeSeconds: messages.length ? 0 : 1,
          MessageSystemAttributeNames: ['All'],
        }),
      );
      messages.push(...received);
      if (Date.now() >= windowEnds || (!received.length && messages.length === 0)) break;
    }
    return messages;
  };

  const inChunks = async (messages: Message[], send: (chunk: Message[]) => Promise<unknown>) => {
    for (let start = 0; start < messages.length; start += SQS_BATCH_MAX) await send(messages.slice(start, start + SQS_BATCH_MAX));
  };

  const pollOnce = async () => {
    const messages = await receiveBatch();
    if (!messages.length) return;
    const records = messages.map((message) => toSqsRecord(message, queueArn)).map((record) => spec.tagRecord?.(record) ?? record);
    let failed: Set<string>;
    try {
      const response = (await spec.functions.invoke(spec.function, { Records: records })) as SQSBatchResponse;
      failed = new Set(response.batchItemFailures.map((failure) => failure.itemIdentifier));
    } catch {
      failed = new Set(messages.map((message) => message.MessageId!));
    }
    const entries = (chunk: Message[]) => chunk.map((message, index) => ({ Id: String(index), ReceiptHandle: message.ReceiptHandle! }));
    await inChunks(
      messages.filter((message) => !failed.has(message.MessageId!)),
      (chunk) => client.send(new DeleteMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries(chunk) })),
    );
    await inChunks(
      messages.filter((message) => failed.has(message.MessageId!)),
      (chunk) =>
        client.send(
          new ChangeMessageVisibilityBatchCommand({
            QueueUrl: queueUrl,
            Entries: entries(chunk).map((entry) => ({ ...entry, VisibilityTimeout: spec.retryDelaySeconds })),
          }),
        ),
    );
  };

  const loops = Array.from({ length: spec.pollers }, async () => {
    while (!stopped) {
      try {
        await pollOnce();
      } catch (error) {
        if (!stopped) console.error(`[${spec.name}] polling failed, retrying`, error);
        await sleep(500);
      }
    }
  });
  return async () => {
    stopped = true;
    await Promise.all(loops);
  };
}

/** A queue's depth as `GET /_local/queues*` report it. */
export async function queueDepth(client: SQSClient, queueUrl: string): Promise<{ visible: number; inFlight: number }> {
  const { Attributes } = await client.send(
    new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }),
  );
  return { visible: Number(Attributes?.ApproximateNumberOfMessages ?? 0), inFlight: Number(Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0) };
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
