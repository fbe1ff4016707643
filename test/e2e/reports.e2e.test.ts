import { beforeAll, describe, expect, it } from 'vitest';
import { api, baseUrl, tokenFor, uniqueId } from '../support/local-api';
import { anOrder, fulfilmentQueueDrained, putOrders, replayOutboxRecords, storedFile } from './report-fixtures';

// Days only this file reports on; the orders other tests place are "now".
const DAY = '2026-11-27';
const NEXT_DAY = '2026-11-28';

const ids = {
  caoSeller: uniqueId('cao-seller'),
  shanSeller: uniqueId('shan-seller'),
  mudanSeller: uniqueId('mudan-seller'),
  beijingSeller: uniqueId('bj-seller'),
  buyer1: uniqueId('buyer'),
  buyer2: uniqueId('buyer'),
  buyer3: uniqueId('buyer'),
};
const order = (name: string) => `${name}-${ids.buyer1}`;

const orders = [
  // 曹县: two buyers, the second order one second before Shanghai midnight (still the 27th).
  anOrder({ orderId: order('cao-1'), buyerId: ids.buyer1, sellerId: ids.caoSeller, sellerCountyCode: '371721', createdAt: '2026-11-27T11:30:00.000Z', totalFen: 12_345, units: 3 }),
  anOrder({ orderId: order('cao-2'), buyerId: ids.buyer2, sellerId: ids.caoSeller, sellerCountyCode: '371721', createdAt: '2026-11-27T15:59:59Z', totalFen: 990, units: 1 }),
  // 单县, bought by buyer1 too: Shandong has 2 distinct buyers, not 3.
  anOrder({ orderId: order('shan-1'), buyerId: ids.buyer1, sellerId: ids.shanSeller, sellerCountyCode: '371722', createdAt: '2026-11-27T12:00:00.000Z', totalFen: 50_000, units: 10 }),
  // 牡丹区: cancelled before any report: never counted.
  anOrder({ orderId: order('mudan-1'), buyerId: ids.buyer2, sellerId: ids.mudanSeller, sellerCountyCode: '371702', createdAt: '2026-11-27T13:00:00.000Z', totalFen: 7_777, units: 7, status: 'CANCELLED' }),
  // 北京朝阳区.
  anOrder({ orderId: order('bj-1'), buyerId: ids.buyer1, sellerId: ids.beijingSeller, sellerCountyCode: '110105', createdAt: '2026-11-26T16:00:00.000Z', totalFen: 300, units: 1 }),
  // Shanghai midnight exactly: the 28th.
  anOrder({ orderId: order('cao-3'), buyerId: ids.buyer3, sellerId: ids.caoSeller, sellerCountyCode: '371721', createdAt: '2026-11-27T16:00:00Z', totalFen: 100_000, units: 2 }),
];

const county = (countyCode: string, countyName: string, provinceCode: string, provinceName: string, counts: [number, number, number, number, number]) => {
  const [ordersCount, units, gmvFen, buyers, sellers] = counts;
  return { countyCode, countyName, provinceCode, provinceName, orders: ordersCount, units, gmvFen, buyers, sellers };
};

let ops: string;
let generatedAtFirst: string;

beforeAll(async () => {
  ops = await tokenFor(uniqueId('ops'), 'ops');
  await putOrders(orders);
});

const generate = (date: string) => api('POST', '/v1/reports/county-sales', { token: ops, body: { date } });
const report = (query: string) => api('GET', `/v1/reports/county-sales?${query}`, { token: ops });

describe('county sales report through the local gateway', () => {
  it('POST regenerates a day from the day index: 202 with its figures', async () => {
    const response = await generate(DAY);
    expect(response.status).toBe(202);
    expect(response.body).toMatchObject({ date: DAY, counties: 3, totals: { orders: 4, units: 15, gmvFen: 63_635, buyers: 2, sellers: 3 } });
    generatedAtFirst = response.body.generatedAt;
  });

  it('GET serves the JSON of the contract, counties by GMV, the 23:59:59 order in and the 00:00:00 one out', async () => {
    const response = await report(`date=${DAY}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/json');
    expect(response.body).toEqual({
      date: DAY,
      timezone: 'Asia/Shanghai',
      generatedAt: generatedAtFirst,
      rows: [
        county('371722', '单县', '37', '山东省', [1, 10, 50_000, 1, 1]),
        county('371721', '曹县', '37', '山东省', [2, 4, 13_335, 2, 1]),
        county('110105', '朝阳区', '11', '北京市', [1, 1, 300, 1, 1]),
      ],
      totals: { orders: 4, units: 15, gmvFen: 63_635, buyers: 2, sellers: 3 },
    });
  });

  it('the order at 16:00:00Z belongs to the next Shanghai day', async () => {
    expect((await generate(NEXT_DAY)).status).toBe(202);
    const response = await report(`date=${NEXT_DAY}`);
    expect(response.body.rows).toEqual([county('371721', '曹县', '37', '山东省', [1, 2, 100_000, 1, 1])]);
  });

  it('provinceCode keeps that province’s counties, with its own distinct buyers', async () => {
    const response = await report(`date=${DAY}&provinceCode=37`);
    expect(response.body.rows.map((row: { countyCode: string }) => row.countyCode)).toEqual(['371722', '371721']);
    expect(response.body.totals).toEqual({ orders: 3, units: 14, gmvFen: 63_335, buyers: 2, sellers: 2 });
    const none = await report(`date=${DAY}&provinceCode=65`);
    expect(none.body).toMatchObject({ rows: [], totals: { orders: 0, units: 0, gmvFen: 0, buyers: 0, sellers: 0 } });
  });

  it('writes report.json, .csv and .html under reports/county-sales/<date>/, and GET csv serves the stored CSV', async () => {
    const csv = await report(`date=${DAY}&format=csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    // fetch's text() drops a BOM: look at the bytes.
    const raw = Buffer.from(await (await fetch(`${baseUrl}/v1/reports/county-sales?date=${DAY}&format=csv`, { headers: { authorization: `Bearer ${ops}` } })).arrayBuffer());
    expect([...raw.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = raw.toString('utf8');
    expect(text).toBe(await storedFile(DAY, 'csv'));
    expect(text.split('\r\n')).toEqual([
      '\uFEFFcountyCode,countyName,provinceCode,provinceName,orders,units,gmvFen,buyers,sellers',
      '371722,单县,37,山东省,1,10,50000,1,1',
      '371721,曹县,37,山东省,2,4,13335,2,1',
      '110105,朝阳区,11,北京市,1,1,300,1,1',
      'TOTAL,,,,4,15,63635,2,3',
      '',
    ]);
    const stored = JSON.parse(await storedFile(DAY, 'json'));
    expect(stored.totals).toEqual({ orders: 4, units: 15, gmvFen: 63_635, buyers: 2, sellers: 3 });
    expect(stored.provinceTotals.map((p: { provinceCode: string }) => p.provinceCode)).toEqual(['37', '11']);
  });

  it('GET html is the self-contained page with the chart and the table totals', async () => {
    const html = await report(`date=${DAY}&format=html`);
    expect(html.status).toBe(200);
    expect(html.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(html.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(html.text).toBe(await storedFile(DAY, 'html'));
    expect(html.text).toContain('<svg id="gmv-chart"');
    expect(html.text).toContain('<td class="num" data-field="gmvFen" data-value="63635">¥636.35</td>');
    // Nothing fetched: no script, no linked resource (the SVG namespace URI is an identifier, never loaded).
    expect(html.text).not.toMatch(/<script|<link|\s(src|href)=|@import|url\(/i);
  });

  it('re-running gives identical numbers; only generatedAt moves', async () => {
    const before = await report(`date=${DAY}`);
    const rerun = await generate(DAY);
    expect(rerun.body.generatedAt).not.toBe(generatedAtFirst);
    const after = await report(`date=${DAY}`);
    expect({ ...after.body, generatedAt: 'x' }).toEqual({ ...before.body, generatedAt: 'x' });
  });

  it('the scheduled run (as EventBridge Scheduler fires it) reports the same numbers', async () => {
    const fired = await api('POST', '/_local/schedules/county-sales-report', { body: { date: DAY } });
    expect(fired.status).toBe(202);
    expect(fired.body).toMatchObject({ scheduledTime: '2026-11-27T16:05:00.000Z', result: { date: DAY, totals: { orders: 4, gmvFen: 63_635 } } });
    expect((await report(`date=${DAY}`)).body.totals).toEqual({ orders: 4, units: 15, gmvFen: 63_635, buyers: 2, sellers: 3 });
  });

  it('a cancellation (by its buyer, through the API) followed by a re-run lowers the numbers', async () => {
    const cancelled = await api('POST', `/v1/orders/${order('cao-1')}/cancel`, { token: await tokenFor(ids.buyer1, 'buyers') });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe('CANCELLED');
    // The stored report is a snapshot until the next run.
    expect((await report(`date=${DAY}`)).body.totals.orders).toBe(4);

    await generate(DAY);
    const response = await report(`date=${DAY}`);
    expect(response.body.rows).toEqual([
      county('371722', '单县', '37', '山东省', [1, 10, 50_000, 1, 1]),
      county('371721', '曹县', '37', '山东省', [1, 1, 990, 1, 1]),
      county('110105', '朝阳区', '11', '北京市', [1, 1, 300, 1, 1]),
    ]);
    expect(response.body.totals).toEqual({ orders: 3, units: 12, gmvFen: 51_290, buyers: 2, sellers: 3 });
  });

  it('replaying the orders’ stream records (a Pipe redelivery) does not change the report', async () => {
    const before = await report(`date=${DAY}`);
    const replayed = await replayOutboxRecords(new Set(orders.map((o) => o.orderId)));
    expect(replayed).toBeGreaterThanOrEqual(4);
    await fulfilmentQueueDrained();
    await generate(DAY);
    const after = await report(`date=${DAY}`);
    expect({ ...after.body, generatedAt: 'x' }).toEqual({ ...before.body, generatedAt: 'x' });
  });

  it('without a date, the local schedule fires the run for yesterday (Asia/Shanghai)', async () => {
    const fired = await api('POST', '/_local/schedules/county-sales-report', { body: {} });
    expect(fired.status).toBe(202);
    const yesterday = new Date(Date.now() + 8 * 3600_000 - 86_400_000).toISOString().slice(0, 10);
    expect(fired.body.result.date).toBe(yesterday);
    expect((await report(`date=${yesterday}`)).status).toBe(200);
  });

  it('a day never generated is 404', async () => {
    const response = await report('date=2001-01-01');
    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe('NOT_FOUND');
  });

  it.each([
    ['GET', 'date=2026-02-30'],
    ['GET', 'date=20261127'],
    ['GET', `date=${DAY}&format=xlsx`],
    ['GET', `date=${DAY}&provinceCode=3`],
    ['POST', '2026-13-01'],
    ['POST', ''],
  ])('%s with %j is 400 VALIDATION_FAILED', async (method, value) => {
    const response = method === 'GET' ? await report(value) : await generate(value);
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('VALIDATION_FAILED');
  });

  it('the local schedule route refuses a malformed date', async () => {
    expect((await api('POST', '/_local/schedules/county-sales-report', { body: { date: '2026-11-31' } })).status).toBe(400);
  });

  it.each([['buyers'], ['sellers']] as const)('%s get 403 on both routes', async (group) => {
    const token = await tokenFor(uniqueId(group), group);
    expect((await api('GET', `/v1/reports/county-sales?date=${DAY}`, { token })).status).toBe(403);
    expect((await api('POST', '/v1/reports/county-sales', { token, body: { date: DAY } })).status).toBe(403);
  });

  it('no token is 401', async () => {
    expect((await api('GET', `/v1/reports/county-sales?date=${DAY}`)).status).toBe(401);
  });
});
