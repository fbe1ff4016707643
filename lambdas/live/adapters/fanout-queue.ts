import { SendMessageBatchCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { FanoutMessage } from '../domain/fanout';

export interface FanoutQueue {
  send(messages: readonly FanoutMessage[]): Promise<void>;
}

/** SendMessageBatch takes at most 10 entries. */
const BATCH = 10;

/** The fan-out queue. Any entry SQS refuses throws: the caller's record fails and is redelivered. */
export function sqsFanoutQueue(client: Pick<SQSClient, 'send'>, queueUrl: string): FanoutQueue {
  return {
    async send(messages) {
      if (messages.length === 1) {
        await client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(messages[0]) }));
        return;
      }
      for (let start = 0; start < messages.length; start += BATCH) {
        const chunk = messages.slice(start, start + BATCH);
        const { Failed } = await client.send(
          new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: chunk.map((message, index) => ({ Id: String(index), MessageBody: JSON.stringify(message) })) }),
        );
        if (Failed?.length) throw new Error(`The fan-out queue refused ${Failed.length} message(s): ${Failed[0]?.Code ?? ''}`);
      }
    },
  };
}
