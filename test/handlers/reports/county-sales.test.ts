import { GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { sdkStreamMixin } from '@smithy/util-stream';
import { mockClient } from 'aws-sdk-client-mock';
import { Readable } from 'node:stream';
import { beforeEach, describe, expect, it } from 'vitest';
import { DAY_INDEX_SHARDS, dayIndexPk } from '../../../lambdas/orders/model';
import { buildStoredReport } from '../../../lambdas/reports/domain/stored-report';
import { reportKey } from '../../../lambdas/reports/model';
import { getCountySalesRoute, regenerateCountySalesRoute } from '../../../lambdas/reports/routes';
import { createDayIndexReader } from '../../../lambdas/reports/store/day-index';
import { anOrder } from '../../unit/reports/order-fixtures';
import { httpEvent, invoke } from './support';

const { handler: getReport } = await import('../../../lambdas/reports/handlers/get-county-sales');
const { handler: regenerate } = await import('../../../lambdas/reports/handlers/regenerate-county-sales');
const { handler: scheduled } = await import('../../../lambdas/reports/handlers/scheduled-report');

const ddb = mockClient(DynamoDBDocumentClient);
const s3 = mockClient(S3Client);
const DATE = '2026-11-27';

const indexItem = (orderId: string, overrides: Record<string, unknown> = {}) => ({
  orderId,
  buyerId: 'buyer-1',
  sellerId: 'seller-1',
  sellerCountyCode: '371721',
  status: 'PAID',
  totalFen: 1000,
  unitCount: 3,
  createdAt: '2026-11-27T03:55:00.000Z',
  paidAt: '2026-11-27T04:00:00.000Z',
  ...overrides,
});

const body = (text: string) => sdkStreamMixin(Readable.from([Buffer.from(text, 'utf8')]));
const storedJson = JSON.stringify(
  buildStoredReport(
    [
      anOrder({ orderId: 'a', totalFen: 5000 }),
      anOrder({ orderId: 'b', sellerCountyCode: '110101', sellerId: 'bj', totalFen: 700 }),
    ],
    { date: DATE, generatedAt: '2026-11-27T16:05:01.000Z' },
  ),
);

beforeEach(() => {
  ddb.reset();
  s3.reset();
});

describe('day index reader', () => {
  it('queries every shard of the day, follows every page, and never scans', async () => {
    ddb.on(QueryCommand).resolves({ Items: [], Count: 0, ConsumedCapacity: { CapacityUnits: 0.5 } });
    ddb
      .on(QueryCommand, { ExpressionAttributeValues: { ':pk': dayIndexPk(DATE, 3) } })
      .resolvesOnce({ Items: [indexItem('o1')], Count: 1, LastEvaluatedKey: { gsi3pk: 'x' }, ConsumedCapacity: { CapacityUnits: 1 } })
      .resolvesOnce({ Items: [indexItem('o2', { unitCount: 5 })], Count: 1, ConsumedCapacity: { CapacityUnits: 1 } });

    const read = await createDayIndexReader({ tableName: 'orders' }).ordersOfDay(DATE);

    const queried = ddb.commandCalls(QueryCommand).map((call) => call.args[0].input);
    expect(new Set(queried.map((input) => input.ExpressionAttributeValues![':pk']))).toEqual(
      new Set(Array.from({ length: DAY_INDEX_SHARDS }, (_, shard) => dayIndexPk(DATE, shard))),
    );
    expect(queried.every((input) => input.IndexName === 'gsi3' && input.TableName === 'orders')).toBe(true);
    expect(queried.at(-1)!.ExclusiveStartKey ?? queried.find((input) => input.ExclusiveStartKey)!.ExclusiveStartKey).toEqual({ gsi3pk: 'x' });
    expect(ddb.commandCalls(ScanCommand)).toHaveLength(0);
    expect(read.itemsRead).toBe(2);
    expect(read.readUnits).toBe(15 * 0.5 + 2);
    expect(read.orders.map((order) => [order.orderId, order.items])).toEqual([
      ['o1', [{ quantity: 3 }]],
      ['o2', [{ quantity: 5 }]],
    ]);
  });

  it('refuses an index item that breaks the contract (a float amount) rather than report a wrong number', async () => {
    ddb.on(QueryCommand).resolves({ Items: [indexItem('bad', { totalFen: 10.5 })], Count: 1 });
    await expect(createDayIndexReader({ tableName: 'orders' }).ordersOfDay(DATE)).rejects.toThrow();
  });
});

describe('GET /v1/reports/county-sales', () => {
  const get = (query: Record<string, string>, groups: ('ops' | 'buyers' | 'sellers')[] = ['ops']) =>
    invoke(getReport, httpEvent(getCountySalesRoute, { query, groups }));

  it('serves the stored report without its internal province totals', async () => {
    s3.on(GetObjectCommand, { Key: reportKey(DATE, 'json') }).resolves({ Body: body(storedJson) as never });
    const response = await get({ date: DATE });
    expect(response.status).toBe(200);
    expect(response.body.rows.map((row: { countyCode: string }) => row.countyCode)).toEqual(['371721', '110101']);
    expect(response.body).not.toHaveProperty('provinceTotals');
  });

  it('csv is UTF-8 with a BOM, as a download; html carries a no-script CSP', async () => {
    s3.on(GetObjectCommand).resolves({ Body: body(storedJson) as never });
    const csv = await get({ date: DATE, format: 'csv', provinceCode: '37' });
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toBe('attachment; filename="county-sales-2026-11-27-37.csv"');
    expect(csv.raw.startsWith('\uFEFFcountyCode,')).toBe(true);
    expect(csv.raw).not.toContain('110101');

    s3.on(GetObjectCommand).resolves({ Body: body(storedJson) as never });
    const html = await get({ date: DATE, format: 'html' });
    expect(html.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(html.headers['content-security-policy']).toContain("default-src 'none'");
    expect(html.raw).toContain('<svg id="gmv-chart"');
  });

  it('a day never generated is 404 NOT_FOUND', async () => {
    s3.on(GetObjectCommand).rejects(new NoSuchKey({ message: 'The specified key does not exist.', $metadata: {} }));
    const response = await get({ date: DATE });
    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe('NOT_FOUND');
  });

  it.each([
    [{ date: '2026-02-30' }],
    [{ date: '27/11/2026' }],
    [{}],
    [{ date: DATE, format: 'pdf' }],
    [{ date: DATE, provinceCode: '99' }],
  ])('%j is 400 VALIDATION_FAILED, before any read', async (query) => {
    const response = await get(query as Record<string, string>);
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('VALIDATION_FAILED');
    expect(s3.commandCalls(GetObjectCommand)).toHaveLength(0);
  });

  it.each([['buyers'], ['sellers']] as const)('%s get 403', async (group) => {
    expect((await get({ date: DATE }, [group])).status).toBe(403);
  });

  it('an S3 failure is a generic 500 that leaks nothing', async () => {
    s3.on(GetObjectCommand).rejects(new S3ServiceException({ name: 'AccessDenied', $fault: 'client', message: 'User arn:aws:iam::123:role/x is not authorized', $metadata: {} }));
    const response = await get({ date: DATE });
    expect(response.status).toBe(500);
    expect(response.raw).not.toContain('arn:aws');
  });
});

describe('POST /v1/reports/county-sales', () => {
  const post = (payload: unknown) => invoke(regenerate, httpEvent(regenerateCountySalesRoute, { body: payload }));

  it('202 after writing csv and html, then report.json last', async () => {
    ddb.on(QueryCommand).resolves({ Items: [], Count: 0 });
    ddb.on(QueryCommand, { ExpressionAttributeValues: { ':pk': dayIndexPk(DATE, 0) } }).resolves({ Items: [indexItem('o1')], Count: 1 });
    s3.on(PutObjectCommand).resolves({});
    ddb.on(BatchWriteCommand).resolves({});

    const response = await post({ date: DATE });

    expect(response.status).toBe(202);
    // The day's aggregates are written from the same orders: one seller day, one county-day chunk.
    const written = ddb.commandCalls(BatchWriteCommand).flatMap((call) => Object.values(call.args[0].input.RequestItems ?? {}).flat());
    expect(written.map((request) => request.PutRequest?.Item?.['pk']).sort()).toEqual([`COUNTYDAY#${DATE}`, `SELLERDAY#371721#${DATE}`]);
    expect(response.body).toMatchObject({ date: DATE, counties: 1, totals: { orders: 1, units: 3, gmvFen: 1000, buyers: 1, sellers: 1 } });
    const keys = s3.commandCalls(PutObjectCommand).map((call) => call.args[0].input.Key);
    expect(keys.slice(0, 2).sort()).toEqual([reportKey(DATE, 'csv'), reportKey(DATE, 'html')]);
    expect(keys[2]).toBe(reportKey(DATE, 'json'));
    expect(keys.every((key) => key!.startsWith('reports/'))).toBe(true);
  });

  it('an invalid date is 400 and reads nothing', async () => {
    const response = await post({ date: '2026-13-01' });
    expect(response.status).toBe(400);
    expect(ddb.commandCalls(QueryCommand)).toHaveLength(0);
  });

  it('throttling that outlasts the retries is a generic 500 and writes no partial report', async () => {
    ddb.on(QueryCommand).rejects(new ProvisionedThroughputExceededException({ message: 'Rate exceeded', $metadata: {} }));
    const response = await post({ date: DATE });
    expect(response.status).toBe(500);
    expect(response.body.error).toEqual({ code: 'INTERNAL', message: 'Something went wrong on our side' });
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(0);
  });
});

describe('scheduled generator', () => {
  it('reports the Shanghai day before the scheduled time, not before "now"', async () => {
    ddb.on(QueryCommand).resolves({ Items: [], Count: 0 });
    s3.on(PutObjectCommand).resolves({});
    // A retry hours later still reports the day the 00:05 run of the 28th was for.
    const result = (await scheduled({ scheduledTime: '2026-11-27T16:05:00Z', attemptNumber: '2' }, lambdaContext())) as { date: string };
    expect(result.date).toBe(DATE);
    expect(ddb.commandCalls(QueryCommand)[0]!.args[0].input.ExpressionAttributeValues![':pk']).toMatch(/^DAY#2026-11-27#/);
  });

  it('fails the invocation (so Lambda retries, then dead-letters it) when the report cannot be written', async () => {
    ddb.on(QueryCommand).resolves({ Items: [], Count: 0 });
    s3.on(PutObjectCommand).rejects(new Error('S3 unavailable'));
    await expect(scheduled({ scheduledTime: '2026-11-27T16:05:00Z' }, lambdaContext())).rejects.toThrow('S3 unavailable');
  });

  it('rejects an event without a scheduled time', async () => {
    await expect(scheduled({}, lambdaContext())).rejects.toThrow();
    expect(ddb.commandCalls(QueryCommand)).toHaveLength(0);
  });
});

function lambdaContext() {
  return { functionName: 'county-sales', awsRequestId: 'r', getRemainingTimeInMillis: () => 300_000 } as never;
}
