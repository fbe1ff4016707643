import { SQSClient } from '@aws-sdk/client-sqs';
import { tickerWorkerFunction } from '../../lambdas/live/routes';
import { queues } from '../../lib/topology';
import { localCredentials, localRegion } from '../emulators/local-aws';
import type { LocalExtension } from '../extension';
import { queueDepth, startSqsEventSource } from './sqs-event-source';

/**
 * The sales ticker worker's SQS event source, locally (local/wiring/sqs-event-source.ts): gathers up to
 * `tickerWorkerFunction.batchSize` messages within its batching window, the reported failures visible
 * again after a second (fauxqs moves them to the DLQ past maxReceiveCount). Delayed flushes arrive when
 * their DelaySeconds pass, as on SQS. Control route: GET /_local/queues/ticker.
 */
export function tickerQueueExtension(options: { pollers?: number } = {}): LocalExtension {
  let stopSource: (() => Promise<void>) | undefined;
  let sqs: SQSClient | undefined;

  return {
    name: 'ticker-queue',
    async start(context) {
      const client = new SQSClient({ endpoint: context.endpoints.sqsS3, region: localRegion, credentials: localCredentials });
      sqs = client;
      const queueUrl = context.env[queues.ticker.envName]!;
      const dlqUrl = context.env[queues.tickerDlq.envName]!;
      stopSource = await startSqsEventSource({
        name: 'ticker-queue',
        client,
        functions: context.functions,
        function: tickerWorkerFunction,
        queueUrl,
        batchSize: tickerWorkerFunction.batchSize,
        maxBatchingWindowSeconds: tickerWorkerFunction.maxBatchingWindowSeconds,
        retryDelaySeconds: 1,
        pollers: options.pollers ?? 2,
      });
      return {
        controlRoutes: [
          {
            method: 'GET',
            path: '/_local/queues/ticker',
            handle: async () => {
              const [ticker, dlq] = await Promise.all([queueDepth(client, queueUrl), queueDepth(client, dlqUrl)]);
              return { status: 200, body: { ticker, tickerDlq: { visible: dlq.visible } } };
            },
          },
        ],
      };
    },
    async stop() {
      await stopSource?.();
      sqs?.destroy();
    },
  };
}
