import { ProvisionedThroughputExceededException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, DynamoDBDocumentClient, GetCommand, PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { currentPinKey, productKey, profileKey } from '../../../lambdas/catalog/model';
import { newShardItem, type StockShardItem } from '../../../lambdas/catalog/stock-shards';
import { orderIdFor, requestHash } from '../../../lambdas/orders/domain/idempotency';
import { createHandler } from '../../../lambdas/orders/handlers/place-order';
import { orderKey } from '../../../lambdas/orders/model';
import { placeOrderRoute } from '../../../lambdas/orders/routes';
import { createCatalogReader } from '../../../lambdas/orders/store/catalog-reader';
import { createOrderStore } from '../../../lambdas/orders/store/order-store';
import { call, orderEvent } from './support';

const ddb = mockClient(DynamoDBDocumentClient);
const tables = { orders: 'orders-table', catalog: 'catalog-table' };
const product = { productId: 'P1', sellerId: 'zhang', title: '芦笋', unit: 'jin', priceFen: 1280, status: 'ACTIVE', stockShards: 2, createdAt: 'c', updatedAt: 'u' };
const body = {
  sellerId: 'zhang',
  items: [{ productId: 'P1', quantity: 2 }],
  shippingAddress: { name: '李四', phone: '13800138000', countyCode: '110101', detail: '某街 1 号' },
};
const key = 'retry-key-0001';

// No pauses between retries, and no cache between tests.
const handler = createHandler({
  catalog: createCatalogReader(tables.catalog, 0),
  orders: createOrderStore(tables),
  runtime: { now: () => '2026-06-01T02:00:00.000Z', random: () => 0, sleep: async () => undefined },
});
const place = (options: { body?: unknown; rawBody?: string; headers?: Record<string, string> } = {}) =>
  call(handler, orderEvent(placeOrderRoute, { body: options.rawBody ? undefined : (options.body ?? body), rawBody: options.rawBody, headers: options.headers ?? { 'idempotency-key': key } }));

const cancelled = (...codes: string[]) =>
  new TransactionCanceledException({ message: 'Transaction cancelled', $metadata: {}, CancellationReasons: codes.map((Code) => ({ Code })) });
const shard = (n: number, units: number, overrides: Partial<StockShardItem> = {}): StockShardItem => ({
  ...newShardItem({ productId: 'P1', status: 'ACTIVE', priceFen: 1280 }, n, units),
  ...overrides,
});
const shardsWith = (...available: number[]) => ({ Responses: { [tables.catalog]: available.map((units, n) => shard(n, units)) } });
const consistentReads = { RequestItems: { [tables.catalog]: { ConsistentRead: true } } } as never;

/** Only transactions may write: a single Put or Update outside one could leave half an order behind. */
function expectOnlyTransactionalWrites() {
  expect(ddb.commandCalls(PutCommand)).toHaveLength(0);
  expect(ddb.commandCalls(UpdateCommand)).toHaveLength(0);
}

beforeEach(() => {
  ddb.reset();
  ddb.on(BatchGetCommand).resolves({ Responses: { [tables.catalog]: [] } });
  ddb.on(GetCommand, { Key: profileKey('zhang') }).resolves({ Item: { sellerId: 'zhang', countyCode: '371721' } });
  ddb.on(GetCommand, { Key: currentPinKey('zhang') }).resolves({});
  ddb.on(GetCommand, { Key: orderKey(orderIdFor('li', key)) }).resolves({});
  ddb.on(BatchGetCommand, { RequestItems: { [tables.catalog]: { Keys: [productKey('zhang', 'P1')], ConsistentRead: false } } }).resolves({
    Responses: { [tables.catalog]: [{ ...productKey('zhang', 'P1'), ...product }] },
  });
});

describe('POST /v1/orders handler', () => {
  it('writes stock decrement and order in one transaction and answers 201', async () => {
    ddb.on(TransactWriteCommand).resolves({});
    const response = await place();
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ orderId: orderIdFor('li', key), status: 'PENDING_PAYMENT', payBy: '2026-06-01T02:15:00.000Z', totalFen: 2560, sellerCountyCode: '371721' });
    expect(response.headers['idempotent-replayed']).toBeUndefined();
    const items = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(items).toHaveLength(2);
    // The shard write re-checks the offer the line was priced from (status, price) with the units.
    expect(items[0]!.Update).toMatchObject({
      TableName: tables.catalog,
      Key: { pk: 'STOCK#P1#0', sk: 'STOCK' },
      ConditionExpression: '#status = :active AND #priceFen = :price AND #available >= :q',
      ExpressionAttributeValues: { ':q': 2, ':price': 1280, ':active': 'ACTIVE' },
    });
    expect(items[1]!.Put).toMatchObject({ TableName: tables.orders, ConditionExpression: 'attribute_not_exists(pk)' });
    expect(items[1]!.Put!.Item).toMatchObject({
      gsi1pk: 'BUYER#li',
      // Unpaid: on the expiry timer (due at payBy), not yet in the report day index.
      gsi4pk: expect.stringMatching(/^TIMER#EXPIRY#\d{1,2}$/),
      gsi4sk: `2026-06-01T02:15:00.000Z#${orderIdFor('li', key)}`,
      unitCount: 2,
    });
    expect(items[1]!.Put!.Item).not.toHaveProperty('gsi3pk');
    expectOnlyTransactionalWrites();
  });

  it('ConditionalCheckFailed on the stock → 409 OUT_OF_STOCK with what is available, nothing written', async () => {
    ddb.on(TransactWriteCommand).rejects(cancelled('ConditionalCheckFailed', 'None'));
    ddb.on(BatchGetCommand, consistentReads).resolves(shardsWith(1, 0));
    const response = await place();
    expect(response.status).toBe(409);
    expect(response.body.error).toMatchObject({ code: 'OUT_OF_STOCK', details: [{ productId: 'P1', requested: 2, available: 1 }] });
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(1);
    expectOnlyTransactionalWrites();
  });

  it('the last units spread over two shards are sold in one transaction after the first try fails', async () => {
    ddb.on(TransactWriteCommand).rejectsOnce(cancelled('ConditionalCheckFailed', 'None')).resolves({});
    ddb.on(BatchGetCommand, consistentReads).resolves(shardsWith(1, 1));
    const response = await place();
    expect(response.status).toBe(201);
    const retry = ddb.commandCalls(TransactWriteCommand)[1]!.args[0].input.TransactItems!;
    expect(retry.slice(0, 2).map((item) => [item.Update!.Key!.pk, item.Update!.ExpressionAttributeValues![':q']])).toEqual([
      ['STOCK#P1#0', 1],
      ['STOCK#P1#1', 1],
    ]);
  });

  it('TransactionConflict is retried with the same order, then succeeds', async () => {
    ddb.on(TransactWriteCommand).rejectsOnce(cancelled('None', 'TransactionConflict')).resolves({});
    const response = await place();
    expect(response.status).toBe(201);
    const calls = ddb.commandCalls(TransactWriteCommand);
    expect(calls).toHaveLength(2);
    expect(calls[1]!.args[0].input).toEqual(calls[0]!.args[0].input);
  });

  it('throttling is retried and succeeds when it clears', async () => {
    ddb.on(TransactWriteCommand).rejectsOnce(cancelled('ThrottlingError', 'None')).resolves({});
    expect((await place()).status).toBe(201);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(2);
  });

  it('throttling that persists ends in 429 RATE_LIMITED after a bounded number of tries, nothing written', async () => {
    ddb.on(TransactWriteCommand).rejects(new ProvisionedThroughputExceededException({ message: 'slow down', $metadata: {} }));
    const response = await place();
    expect(response.status).toBe(429);
    expect(response.body.error.code).toBe('RATE_LIMITED');
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(5);
    expectOnlyTransactionalWrites();
  });

  it('an existing order with the same request is replayed: 201, idempotent-replayed, same body', async () => {
    ddb.on(TransactWriteCommand).resolvesOnce({});
    const first = await place();
    const stored = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems![1]!.Put!.Item!;
    ddb.on(TransactWriteCommand).rejects(cancelled('None', 'ConditionalCheckFailed'));
    ddb.on(GetCommand, { Key: orderKey(orderIdFor('li', key)) }).resolves({ Item: { ...stored, status: 'FULFILMENT_REQUESTED' } });
    const replay = await place();
    expect(replay.status).toBe(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body).toEqual(first.body);
  });

  it('the same key with another body → 422 IDEMPOTENCY_KEY_REUSED', async () => {
    ddb.on(TransactWriteCommand).resolvesOnce({});
    await place();
    const stored = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems![1]!.Put!.Item!;
    ddb.on(TransactWriteCommand).rejects(cancelled('None', 'ConditionalCheckFailed'));
    ddb.on(GetCommand, { Key: orderKey(orderIdFor('li', key)) }).resolves({ Item: { ...stored, requestHash: requestHash({ other: true }) } });
    const response = await place();
    expect(response.status).toBe(422);
    expect(response.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('an unknown or inactive product → 404, no transaction', async () => {
    const response = await place({ body: { ...body, items: [{ productId: 'NOPE', quantity: 1 }] } });
    expect(response.status).toBe(404);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('an invalid body is 400 VALIDATION_FAILED with one detail per problem, not 500', async () => {
    const response = await place({ body: { ...body, items: [{ productId: 'P1', quantity: 0 }, { productId: 'P1', quantity: 1 }], shippingAddress: { ...body.shippingAddress, countyCode: '999999' } } });
    expect(response.status).toBe(400);
    expect(response.body.error.details.map((detail: { path: string }) => detail.path).sort()).toEqual(['body.items', 'body.items.0.quantity', 'body.shippingAddress.countyCode']);
    expect(ddb.calls()).toHaveLength(0);
  });

  it('malformed JSON is 400', async () => {
    expect((await place({ rawBody: '{"sellerId":' })).status).toBe(400);
  });

  it('a missing or malformed Idempotency-Key is 400', async () => {
    for (const headers of [{}, { 'idempotency-key': 'short' }, { 'idempotency-key': 'has space in it' }] as Record<string, string>[]) {
      const response = await place({ headers });
      expect(response.status).toBe(400);
      expect(response.body.error.details[0].path).toBe('header.idempotency-key');
    }
  });

  it('a seller token may not place orders (403)', async () => {
    const response = await call(handler, orderEvent(placeOrderRoute, { groups: ['sellers'], body, headers: { 'idempotency-key': key } }));
    expect(response.status).toBe(403);
  });
});
