import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createFulfilmentHandler, fulfilmentStep } from '../../../lambdas/fulfilment/handler';
import { orderKey } from '../../../lambdas/orders/model';
import { createOrderStore } from '../../../lambdas/orders/store/order-store';
import { lambdaContext } from '../../../local/lambda-context';
import { sqsEvent, sqsRecord } from '../../support/sqs-events';

const ddb = mockClient(DynamoDBDocumentClient);
const handler = createFulfilmentHandler(
  fulfilmentStep({ orders: createOrderStore({ orders: 'orders-table' }), runtime: { now: () => 't1', random: () => 0, sleep: async () => undefined } }),
);

const T0 = '2026-06-01T02:00:00.000Z';
const order = (orderId: string, status: string, version = 1) => ({
  ...orderKey(orderId),
  orderId,
  buyerId: 'b1',
  sellerId: 's1',
  sellerCountyCode: '371721',
  status,
  version,
  items: [{ productId: 'p1', title: 't', quantity: 1, unitPriceFen: 1, lineTotalFen: 1, pool: { kind: 'REGULAR', id: 'p1', shards: 1 }, takes: [{ shard: 0, quantity: 1 }] }],
  totalFen: 1,
  unitCount: 1,
  shippingAddress: { name: 'a', phone: '13800138000', countyCode: '110101', detail: 'x' },
  createdAt: T0,
  updatedAt: T0,
  payBy: '2026-06-01T02:15:00.000Z',
  paidAt: T0,
  history: [{ status: 'PENDING_PAYMENT', at: T0 }, { status: 'PAID', at: T0 }],
  idempotencyKey: 'key-12345',
  requestHash: 'h',
});
const message = (orderId: string) => JSON.stringify({ orderId, sellerId: 's1', buyerId: 'b1', createdAt: 't0' });

beforeEach(() => ddb.reset());

describe('fulfilment worker (partial batch failures)', () => {
  it('reports only the records that failed; the others are processed once', async () => {
    ddb.on(GetCommand, { Key: orderKey('A') }).resolves({ Item: order('A', 'PAID') });
    ddb.on(GetCommand, { Key: orderKey('B') }).resolves({ Item: order('B', 'CANCELLED') });
    ddb.on(GetCommand, { Key: orderKey('GONE') }).resolves({});
    ddb.on(TransactWriteCommand).resolves({});
    const event = sqsEvent(sqsRecord('1', message('A')), sqsRecord('2', 'not json'), sqsRecord('3', message('B')), sqsRecord('4', message('GONE')));
    const response = await handler(event, lambdaContext('worker'));
    expect(response.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual(['2', '4']);
    const writes = ddb.commandCalls(TransactWriteCommand);
    expect(writes).toHaveLength(1); // the cancelled order is skipped, not revived
    const [update, put] = writes[0]!.args[0].input.TransactItems!;
    expect(update!.Update).toMatchObject({ Key: orderKey('A'), ConditionExpression: '#version = :current', ExpressionAttributeValues: expect.objectContaining({ ':status': 'FULFILMENT_REQUESTED', ':current': 1 }) });
    expect(put!.Put).toMatchObject({ Item: expect.objectContaining({ pk: 'ORDER#A', sk: 'SHIPMENT', status: 'OPEN' }), ConditionExpression: 'attribute_not_exists(pk)' });
  });

  it('a redelivery after the transition committed acknowledges without writing', async () => {
    ddb.on(GetCommand).resolves({ Item: order('A', 'FULFILMENT_REQUESTED', 2) });
    const response = await handler(sqsEvent(sqsRecord('1', message('A'))), lambdaContext('worker'));
    expect(response.batchItemFailures).toEqual([]);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('losing the race to a cancel re-reads and skips', async () => {
    ddb.on(GetCommand).resolvesOnce({ Item: order('A', 'PAID') }).resolves({ Item: order('A', 'CANCELLED', 2) });
    ddb.on(TransactWriteCommand).rejects(new TransactionCanceledException({ message: 'x', $metadata: {}, CancellationReasons: [{ Code: 'ConditionalCheckFailed' }, { Code: 'None' }] }));
    const response = await handler(sqsEvent(sqsRecord('1', message('A'))), lambdaContext('worker'));
    expect(response.batchItemFailures).toEqual([]);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(1);
  });
});
