import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { FlushMessage } from '../domain/ticker-messages';

/** The ticker queue itself: a delayed flush of a room's trailing orders. */
export interface TickerQueue {
  sendFlush(message: FlushMessage, delaySeconds: number): Promise<void>;
}

export function sqsTickerQueue(client: Pick<SQSClient, 'send'>, queueUrl: string): TickerQueue {
  return {
    async sendFlush(message, delaySeconds) {
      await client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(message), DelaySeconds: delaySeconds }));
    },
  };
}
