import { SQSClient } from '@aws-sdk/client-sqs';
import { queues } from '../../lib/topology';
import { localCredentials, localRegion } from '../emulators/local-aws';
import type { LocalExtension } from '../extension';
import type { ControlRoute } from '../http-gateway';
import { FaultInjector, faultsSchema } from './fulfilment-faults';
import { queueDepth, redrive, startSqsEventSource } from './sqs-event-source';

/** The Lambda event source settings of the deployed worker (lib/constructs/orders-capability.ts). */
export const FULFILMENT_BATCH_SIZE = 10;

/** The worker as the local runtime runs it: the deployed handler, plus the faults tests inject. */
export const fulfilmentWorkerFunction = { id: 'fulfilment-worker', entry: 'local/wiring/fulfilment-worker.ts', timeoutSeconds: 60 } as const;

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
  let stopSource: (() => Promise<void>) | undefined;
  let sqs: SQSClient | undefined;

  return {
    name: 'fulfilment-queue',
    async start(context) {
      const client = new SQSClient({ endpoint: context.endpoints.sqsS3, region: localRegion, credentials: localCredentials });
      sqs = client;
      const queueUrl = context.env[queues.fulfilment.envName]!;
      const dlqUrl = context.env[queues.fulfilmentDlq.envName]!;
      const outboxDlqUrl = context.env[queues.outboxDlq.envName]!;
      stopSource = await startSqsEventSource({
        name: 'fulfilment-queue',
        client,
        functions: context.functions,
        function: fulfilmentWorkerFunction,
        queueUrl,
        batchSize: FULFILMENT_BATCH_SIZE,
        retryDelaySeconds,
        pollers,
        tagRecord: (record) => faults.tag(record),
      });
      const depth = (url: string) => queueDepth(client, url);

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
      await stopSource?.();
      sqs?.destroy();
    },
  };
}
