/**
 * The event and scheduled functions record their invocations as the HTTP ones do: Powertools'
 * captureLambdaHandler opens the handler subsegment (test/support/lambda-tracing.ts).
 */
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { lambdaContext } from '../../../local/lambda-context';
import { lambdaTracingEnvironment } from '../../support/lambda-tracing';
import { sqsEvent, sqsRecord } from '../../support/sqs-events';

const lambda = await lambdaTracingEnvironment((operation) => (operation === 'Query' ? { Items: [], Count: 0 } : {}));

const { createFulfilmentHandler } = await import('../../../lambdas/fulfilment/handler');
const { handler: liveStatus } = await import('../../../lambdas/catalog/handlers/live-status');
const { handler: reconcileLive } = await import('../../../lambdas/catalog/handlers/reconcile-live');
const { createHandler: createScheduledReport } = await import('../../../lambdas/reports/handlers/scheduled-report');

const context = () => lambdaContext('worker');

beforeEach(() => lambda.reset());
afterAll(() => lambda.close());

describe('tracing of the event and scheduled functions', () => {
  it('the fulfilment worker', async () => {
    const worker = createFulfilmentHandler(async () => 'requested');
    const event = sqsEvent(sqsRecord('m1', JSON.stringify({ orderId: 'o1', sellerId: 's1', buyerId: 'b1', createdAt: '2026-06-01T00:00:00Z' })));
    expect(await worker(event, context())).toEqual({ batchItemFailures: [] });
    await lambda.handlerSegmentsOf(1);
  });

  it('the live-status function', async () => {
    expect(await liveStatus({ source: 'elsewhere' }, context())).toEqual({ outcome: 'invalid' });
    await lambda.handlerSegmentsOf(1);
  });

  it('the live-status reconcile, with its DynamoDB query under it', async () => {
    await reconcileLive({}, context());
    const [handler] = await lambda.handlerSegmentsOf(1);
    expect(lambda.received.filter((doc) => doc.parent_id === handler!.id).map((doc) => doc.aws?.operation)).toContain('Query');
  });

  it('the scheduled county sales report', async () => {
    const report = createScheduledReport({
      orders: { ordersOfDay: async () => ({ orders: [], itemsRead: 0, readUnits: 0 }) },
      files: { write: async () => undefined, read: async () => undefined },
      aggregates: { replaceDay: async () => undefined, countyDaysOf: async () => ({ items: [], itemsRead: 0, queries: 0 }), sellerDaysOf: async () => ({ items: [], itemsRead: 0, queries: 0 }) },
      now: () => new Date('2026-06-02T00:00:00Z'),
    });
    await report({ scheduledTime: '2026-06-02T00:00:00Z' }, context());
    await lambda.handlerSegmentsOf(1);
  });
});
