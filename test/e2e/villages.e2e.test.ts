import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_CLOCK_HEADER } from '../../lambdas/core/http/local-clock';
import { addMonths } from '../../lambdas/reports/domain/villages';
import { launchChromium } from '../support/browser';
import { api, baseUrl, tokenFor, uniqueId } from '../support/local-api';
import { anOrder, putOrders } from './report-fixtures';

const CAO = '371721';
const ZHANGZHUANG = '371721121211';
// A month of its own in the past (aggregates and reports are shared by everything on those days).
const YEAR = 2001 + (Date.now() % 19);
const MONTH = `${YEAR}-0${3 + (Math.floor(Date.now() / 1000) % 7)}`;
const monthBefore = (n: number) => `${YEAR}-0${Number(MONTH.slice(5)) - n}`;

let ops: string;
let active: string;
let oneOff: string;
let browser: Browser;
let nextVillage: string;

async function sellerIn(villageCode: string, createdAt: string): Promise<string> {
  const sellerId = uniqueId('village-seller');
  const token = await tokenFor(sellerId, 'sellers');
  const put = await api('PUT', '/v1/seller/profile', { token, headers: { [LOCAL_CLOCK_HEADER]: createdAt }, body: { displayName: '网店', countyCode: CAO, village: '村', villageCode } });
  expect(put.status).toBe(200);
  return sellerId;
}

beforeAll(async () => {
  ops = await tokenFor(uniqueId('ops'), 'ops');
  nextVillage = '371721121212';
  const created = `${monthBefore(2)}-01T00:00:00.000Z`;
  active = await sellerIn(ZHANGZHUANG, created);
  oneOff = await sellerIn(nextVillage, created);
  const days = [`${monthBefore(2)}-10`, `${monthBefore(1)}-10`, `${MONTH}-10`];
  const run = uniqueId('village-order');
  const orders = [
    ...days.map((day, i) => anOrder({ orderId: `${run}-a${i}`, buyerId: 'buyer-1', sellerId: active, sellerCountyCode: CAO, createdAt: `${day}T04:00:00.000Z`, totalFen: 100_000, units: 1 })),
    anOrder({ orderId: `${run}-b`, buyerId: 'buyer-1', sellerId: oneOff, sellerCountyCode: CAO, createdAt: `${MONTH}-10T05:00:00.000Z`, totalFen: 30_000, units: 2 }),
    anOrder({ orderId: `${run}-c`, buyerId: 'buyer-2', sellerId: oneOff, sellerCountyCode: CAO, createdAt: `${MONTH}-11T05:00:00.000Z`, totalFen: 20_000, units: 1, status: 'CANCELLED' }),
  ];
  await putOrders(orders);
  for (const day of [...days, `${MONTH}-11`]) expect((await api('POST', '/v1/reports/county-sales', { token: ops, body: { date: day } })).status).toBe(202);
  const fired = await api('POST', '/_local/schedules/monthly-reports', { body: { month: MONTH } });
  expect(fired.status).toBe(202);
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

describe('village and town status (v1.1)', () => {
  it("JSON: API.md's shape, GMV and active shops per village from the daily aggregates", async () => {
    const response = await api('GET', `/v1/reports/villages?countyCode=${CAO}&month=${MONTH}`, { token: ops });
    expect(response.status).toBe(200);
    expect(Object.keys(response.body).sort()).toEqual(['countyCode', 'countyName', 'from', 'month', 'to', 'towns', 'villages']);
    expect(response.body).toMatchObject({ countyCode: CAO, countyName: '曹县', month: MONTH, from: `${addMonths(MONTH, -11)}-01`, to: `${MONTH}-${MONTH.endsWith('-04') || MONTH.endsWith('-06') || MONTH.endsWith('-09') ? 30 : 31}` });
    const zhangzhuang = response.body.villages.find((v: { villageCode: string }) => v.villageCode === ZHANGZHUANG);
    expect(zhangzhuang).toEqual({ villageCode: ZHANGZHUANG, villageName: '张庄村民委员会', townCode: '371721121', townName: '大集镇', committee: 'village', gmvFen: 300_000, activeShops: 1, taobaoVillage: false });
    const neighbour = response.body.villages.find((v: { villageCode: string }) => v.villageCode === nextVillage);
    // One order in three months: not active; the cancelled order counts nowhere.
    expect(neighbour).toMatchObject({ gmvFen: 30_000, activeShops: 0 });
    expect(response.body.towns.find((t: { townCode: string }) => t.townCode === '371721121')).toMatchObject({ townName: '大集镇', gmvFen: 330_000, activeShops: 1, taobaoVillages: 0, taobaoTown: false });
  });

  it('CSV with a BOM; 404 for a month not generated', async () => {
    const csv = await api('GET', `/v1/reports/villages?countyCode=${CAO}&month=${MONTH}&format=csv`, { token: ops });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    // fetch's text() drops a BOM: look at the bytes.
    const raw = Buffer.from(await (await fetch(`${baseUrl}/v1/reports/villages?countyCode=${CAO}&month=${MONTH}&format=csv`, { headers: { authorization: `Bearer ${ops}` } })).arrayBuffer());
    expect([...raw.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(raw.toString('utf8').startsWith('\uFEFFlevel,code,name')).toBe(true);
    expect(csv.text).toContain(`village,${ZHANGZHUANG},张庄村民委员会,371721121,大集镇,village,300000,1,,false`);
    expect((await api('GET', `/v1/reports/villages?countyCode=${CAO}&month=1999-01`, { token: ops })).status).toBe(404);
  });

  it("the month's county report counts distinct buyers and sellers over the month", async () => {
    const month = await api('GET', `/v1/reports/county-sales?month=${MONTH}`, { token: ops });
    expect(month.status).toBe(200);
    expect(month.body.month).toBe(MONTH);
    expect(month.body.rows.find((row: { countyCode: string }) => row.countyCode === CAO)).toMatchObject({ orders: 2, gmvFen: 130_000, buyers: 1, sellers: 2 });
  });

  it('the HTML page on a phone: progress bars for every village, the towns, the closest villages, nothing fetched', async () => {
    const context = await browser.newContext({ extraHTTPHeaders: { authorization: `Bearer ${ops}` }, viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    const requested: string[] = [];
    page.on('request', (request) => requested.push(request.url()));
    const url = `${baseUrl}/v1/reports/villages?countyCode=${CAO}&month=${MONTH}&format=html`;
    expect((await page.goto(url))?.status()).toBe(200);
    await expect(page.title()).resolves.toBe(`曹县 淘宝村与淘宝镇 ${MONTH}`);
    const all = page.locator('#all-villages li.village');
    expect(await all.count()).toBeGreaterThan(100);
    const card = page.locator(`#all-villages li.village[data-code="${ZHANGZHUANG}"]`);
    expect(await card.locator('.progress').count()).toBe(2);
    const shopsBar = (await card.locator('.progress[data-kind="shops"] .bar').boundingBox())!;
    const shopsTrack = (await card.locator('.progress[data-kind="shops"]').boundingBox())!;
    expect(Math.round((shopsBar.width / shopsTrack.width) * 100)).toBe(1); // 1 of 100 active shops
    expect(await page.locator('#closest li.village').first().getAttribute('data-code')).toBe(ZHANGZHUANG);
    expect(await page.locator('#towns tr[data-code="371721121"]').count()).toBe(1);
    // Readable on a phone: nothing wider than the screen.
    const main = (await page.locator('main').boundingBox())!;
    expect(main.width).toBeLessThanOrEqual(390);
    const widest = await page.locator('#all-villages li.village').evaluateAll((cards) => Math.max(...cards.map((card) => card.getBoundingClientRect().right)));
    expect(widest).toBeLessThanOrEqual(390);
    expect(requested).toEqual([url]);
    await context.close();
  });
});
