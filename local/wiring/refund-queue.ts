import { SQSClient } from '@aws-sdk/client-sqs';
import { queues } from '../../lib/topology';
import { localCredentials, localRegion } from '../emulators/local-aws';
import type { LocalExtension } from '../extension';
import { queueDepth, redrive, startSqsEventSource } from './sqs-event-source';

/** The refund worker as the local runtime runs it (lib/constructs/orders-capability.ts deploys the same entry). */
export const refundWorkerFunction = { id: 'refund-worker', entry: 'lambdas/payments/refund/handler.ts', timeoutSeconds: 30 } as const;

/**
 * The refund worker's SQS event source, locally (local/wiring/sqs-event-source.ts): batches of 10, the
 * reported failures visible again after `retryDelaySeconds` (deployed: the visibility timeout); past
 * maxReceiveCount fauxqs moves a message to the refund DLQ. Control routes: GET /_local/queues/refund,
 * POST /_local/queues/refund-dlq/redrive.
 */
export function refundQueueExtension(options: { retryDelaySeconds?: number } = {}): LocalExtension {
  const retryDelaySeconds = options.retryDelaySeconds ?? Number(process.env.LOCAL_REFUND_RETRY_DELAY_SECONDS ?? 1);
  let stopSource: (() => Promise<void>) | undefined;
  let sqs: SQSClient | undefined;

  return {
    name: 'refund-queue',
    async start(context) {
      const client = new SQSClient({ endpoint: context.endpoints.sqsS3, region: localRegion, credentials: localCredentials });
      sqs = client;
      const queueUrl = context.env[queues.refund.envName]!;
      const dlqUrl = context.env[queues.refundDlq.envName]!;
      stopSource = await startSqsEventSource({
        name: 'refund-queue',
        client,
        functions: context.functions,
        function: refundWorkerFunction,
        queueUrl,
        batchSize: 10,
        retryDelaySeconds,
        pollers: 1,
      });
      return {
        controlRoutes: [
          {
            method: 'GET',
            path: '/_local/queues/refund',
            handle: async () => {
              const [refund, dlq] = await Promise.all([queueDepth(client, queueUrl), queueDepth(client, dlqUrl)]);
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
      await stopSource?.();
      sqs?.destroy();
    },
  };
}
