import { SQSClient } from '@aws-sdk/client-sqs';
import { fanoutWorkerFunction } from '../../lambdas/live/routes';
import { queues } from '../../lib/topology';
import { localCredentials, localRegion } from '../emulators/local-aws';
import type { LocalExtension } from '../extension';
import { queueDepth, startSqsEventSource } from './sqs-event-source';

/**
 * The go-live fan-out worker's SQS event source, locally (local/wiring/sqs-event-source.ts): batches of
 * `fanoutWorkerFunction.batchSize`, the reported failures visible again after a second (fauxqs moves
 * them to the DLQ past maxReceiveCount). Control route: GET /_local/queues/live-fanout.
 */
export function liveFanoutQueueExtension(options: { pollers?: number } = {}): LocalExtension {
  let stopSource: (() => Promise<void>) | undefined;
  let sqs: SQSClient | undefined;

  return {
    name: 'live-fanout-queue',
    async start(context) {
      const client = new SQSClient({ endpoint: context.endpoints.sqsS3, region: localRegion, credentials: localCredentials });
      sqs = client;
      const queueUrl = context.env[queues.liveFanout.envName]!;
      const dlqUrl = context.env[queues.liveFanoutDlq.envName]!;
      stopSource = await startSqsEventSource({
        name: 'live-fanout-queue',
        client,
        functions: context.functions,
        function: fanoutWorkerFunction,
        queueUrl,
        batchSize: fanoutWorkerFunction.batchSize,
        retryDelaySeconds: 1,
        pollers: options.pollers ?? 4,
      });
      return {
        controlRoutes: [
          {
            method: 'GET',
            path: '/_local/queues/live-fanout',
            handle: async () => {
              const [liveFanout, dlq] = await Promise.all([queueDepth(client, queueUrl), queueDepth(client, dlqUrl)]);
              return { status: 200, body: { liveFanout, liveFanoutDlq: { visible: dlq.visible } } };
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
