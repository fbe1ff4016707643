import { GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { BatchGetCommand, DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { sdkStreamMixin } from '@smithy/util-stream';
import { mockClient } from 'aws-sdk-client-mock';
import { Readable } from 'node:stream';
import { beforeEach, describe, expect, it } from 'vitest';
import { buildMonthlyReport } from '../../../lambdas/reports/domain/month-report';
import type { StoredVillageReport } from '../../../lambdas/reports/domain/village-report';
import { countyDayPk, reportKey, sellerDayPk, villageReportKey } from '../../../lambdas/reports/model';
import { getCountySalesRoute, getVillagesRoute, regenerateCountySalesRoute } from '../../../lambdas/reports/routes';
import { httpEvent, invoke } from './support';

const { handler: getReport } = await import('../../../lambdas/reports/handlers/get-county-sales');
const { handler: getVillages } = await import('../../../lambdas/reports/handlers/get-villages');
const { handler: regenerate } = await import('../../../lambdas/reports/handlers/regenerate-county-sales');
const { handler: scheduledMonthly, monthReportedAt } = await import('../../../lambdas/reports/handlers/scheduled-monthly-reports');

const ddb = mockClient(DynamoDBDocumentClient);
const s3 = mockClient(S3Client);
const MONTH = '2026-10';

const body = (text: string) => ({ Body: sdkStreamMixin(Readable.from([Buffer.from(text)])) }) as never;
const countyDay = (day: string, countyCode: string, gmvFen: number, buyerIds: string[], sellerIds: string[]) => ({
  pk: countyDayPk(day),
  sk: `COUNTY#${countyCode}#00`,
  countyCode,
  day,
  chunk: 0,
  orders: buyerIds.length,
  units: buyerIds.length,
  gmvFen,
  buyerIds,
  sellerIds,
});

const VILLAGES: StoredVillageReport = {
  countyCode: '371721',
  countyName: '曹县',
  month: MONTH,
  from: '2025-11-01',
  to: '2026-10-31',
  generatedAt: '2026-11-01T01:00:00.000Z',
  villages: [{ villageCode: '371721121211', villageName: '张庄村', townCode: '371721121', townName: '大集镇', committee: 'village', gmvFen: 1_000_000_000, activeShops: 100, taobaoVillage: true }],
  towns: [{ townCode: '371721121', townName: '大集镇', taobaoVillages: 1, gmvFen: 1_000_000_000, activeShops: 100, taobaoTown: false }],
};

beforeEach(() => {
  ddb.reset();
  s3.reset();
});

describe('GET /v1/reports/county-sales?month=', () => {
  const get = (query: Record<string, string>) => invoke(getReport, httpEvent(getCountySalesRoute, { query }));

  it("serves the month's report with month instead of date; the html charts its days and the change", async () => {
    const stored = buildMonthlyReport({
      month: MONTH,
      generatedAt: '2026-10-31T17:00:00.000Z',
      days: [countyDay('2026-10-01', '371721', 12_000, ['b1'], ['s1']), countyDay('2026-10-02', '371721', 8_000, ['b1'], ['s2'])].map(({ pk: _p, sk: _s, chunk: _c, ...d }) => d),
      previousMonth: '2026-09',
      previousDays: [{ countyCode: '371721', day: '2026-09-03', orders: 1, units: 1, gmvFen: 10_000, buyerIds: ['b'], sellerIds: ['s'] }],
    });
    s3.on(GetObjectCommand, { Key: reportKey(MONTH, 'json') }).resolves(body(JSON.stringify(stored)));

    const json = await get({ month: MONTH });
    expect(json.status).toBe(200);
    expect(json.body).toEqual({ month: MONTH, timezone: 'Asia/Shanghai', generatedAt: stored.generatedAt, rows: stored.rows, totals: { orders: 2, units: 2, gmvFen: 20_000, buyers: 1, sellers: 2 } });

    s3.on(GetObjectCommand, { Key: reportKey(MONTH, 'json') }).resolves(body(JSON.stringify(stored)));
    const html = await get({ month: MONTH, format: 'html' });
    expect(html.raw).toContain('区县销售月报 2026-10');
    expect(html.raw).toContain('<svg id="daily-chart"');
    expect(html.raw).toContain('+100.0%');
    expect(html.raw).toContain('2026-11-01 01:00 (北京时间)');
  });

  it('404 when the month was not generated; 400 for both date and month', async () => {
    s3.on(GetObjectCommand).rejects(new NoSuchKey({ message: 'no', $metadata: {} }));
    expect((await get({ month: MONTH })).status).toBe(404);
    expect((await get({ month: MONTH, date: '2026-10-01' })).status).toBe(400);
    expect((await get({ month: '2026-13' })).status).toBe(400);
  });
});

describe('POST /v1/reports/county-sales { month }', () => {
  it('202 with the figures, from one Query per day of the month and of the month before, never the orders', async () => {
    ddb.on(QueryCommand).resolves({ Items: [] });
    ddb.on(QueryCommand, { ExpressionAttributeValues: { ':pk': countyDayPk('2026-10-05') } }).resolves({ Items: [countyDay('2026-10-05', '371721', 5_000, ['b1', 'b2'], ['s1'])] });
    s3.on(PutObjectCommand).resolves({});

    const response = await invoke(regenerate, httpEvent(regenerateCountySalesRoute, { body: { month: MONTH } }));

    expect(response.status).toBe(202);
    expect(response.body).toMatchObject({ month: MONTH, counties: 1, totals: { orders: 2, gmvFen: 5_000, buyers: 2, sellers: 1 } });
    const queried = ddb.commandCalls(QueryCommand).map((call) => call.args[0].input);
    expect(queried).toHaveLength(31 + 30);
    expect(queried.every((input) => input.IndexName === undefined && String(input.ExpressionAttributeValues?.[':pk']).startsWith('COUNTYDAY#'))).toBe(true);
  });
});

describe('GET /v1/reports/villages', () => {
  const get = (query: Record<string, string>) => invoke(getVillages, httpEvent(getVillagesRoute, { query }));

  it("serves API.md's shape as json, csv with a BOM and a page without script", async () => {
    s3.on(GetObjectCommand, { Key: villageReportKey(MONTH, '371721', 'json') }).resolves(body(JSON.stringify(VILLAGES)));
    const json = await get({ countyCode: '371721', month: MONTH });
    const { generatedAt: _g, ...expected } = VILLAGES;
    expect(json.status).toBe(200);
    expect(json.body).toEqual(expected);

    s3.on(GetObjectCommand, { Key: villageReportKey(MONTH, '371721', 'json') }).resolves(body(JSON.stringify(VILLAGES)));
    const csv = await get({ countyCode: '371721', month: MONTH, format: 'csv' });
    expect(csv.raw.startsWith('\uFEFFlevel,code,name')).toBe(true);
    expect(csv.raw).toContain('village,371721121211,张庄村,371721121,大集镇,village,1000000000,100,,true');

    s3.on(GetObjectCommand, { Key: villageReportKey(MONTH, '371721', 'json') }).resolves(body(JSON.stringify(VILLAGES)));
    const html = await get({ countyCode: '371721', month: MONTH, format: 'html' });
    expect(html.raw).not.toMatch(/<script/i);
    expect(html.raw).toContain('data-kind="gmv" data-value="1000000000" data-goal="1000000000"');
  });

  it('404 when that month was not generated for the county', async () => {
    s3.on(GetObjectCommand).rejects(new NoSuchKey({ message: 'no', $metadata: {} }));
    expect((await get({ countyCode: '371721', month: MONTH })).status).toBe(404);
  });
});

describe('the monthly schedule', () => {
  it('reports the month before its run (the 1st, 01:00 Asia/Shanghai, is still the last day of that month in UTC)', () => {
    expect(monthReportedAt('2026-10-31T17:00:00Z')).toBe('2026-10');
    expect(monthReportedAt('2025-12-31T17:00:00Z')).toBe('2025-12');
  });

  it('writes the county report, then the village status of each county with sales, reading aggregates and profiles only', async () => {
    ddb.on(QueryCommand).resolves({ Items: [] });
    ddb.on(QueryCommand, { ExpressionAttributeValues: { ':pk': countyDayPk('2026-10-05') } }).resolves({ Items: [countyDay('2026-10-05', '371721', 5_000, ['b1'], ['s1'])] });
    ddb.on(QueryCommand, { ExpressionAttributeValues: { ':pk': sellerDayPk('371721', '2026-10-05') } }).resolves({
      Items: [{ pk: sellerDayPk('371721', '2026-10-05'), sk: 'SELLER#s1', sellerId: 's1', countyCode: '371721', day: '2026-10-05', orders: 1, units: 1, gmvFen: 5_000 }],
    });
    ddb.on(BatchGetCommand).callsFake((input: { RequestItems: Record<string, unknown> }) => ({
      Responses: { [Object.keys(input.RequestItems)[0]!]: [{ pk: 'SELLER#s1', sk: 'PROFILE', sellerId: 's1', villageCode: '371721121211', createdAt: '2025-01-01T00:00:00.000Z' }] },
    }));
    s3.on(PutObjectCommand).resolves({});

    await scheduledMonthly({ scheduledTime: '2026-10-31T17:00:00Z' }, { functionName: 'monthly', awsRequestId: 'r' } as never);

    const keys = s3.commandCalls(PutObjectCommand).map((call) => call.args[0].input.Key);
    expect(keys).toContain(reportKey(MONTH, 'json'));
    expect(keys).toContain(villageReportKey(MONTH, '371721', 'json'));
    const village = JSON.parse(String(s3.commandCalls(PutObjectCommand).find((call) => call.args[0].input.Key === villageReportKey(MONTH, '371721', 'json'))!.args[0].input.Body)) as StoredVillageReport;
    expect(village.villages.find((v) => v.villageCode === '371721121211'), JSON.stringify(village.villages.find((v) => v.villageCode === '371721121211'))).toEqual({ villageCode: '371721121211', villageName: '张庄村民委员会', townCode: '371721121', townName: '大集镇', committee: 'village', gmvFen: 5_000, activeShops: 0, taobaoVillage: false });
  });
});
