import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../local/paths';
import { launchChromium } from '../support/browser';
import { api, baseUrl, tokenFor, uniqueId } from '../support/local-api';
import { anOrder, putOrders } from './report-fixtures';

const DAY = '2026-10-15';
const SCREENSHOT = join(repoRoot, 'test-output', 'county-sales-report.png');

// Heze's counties first, then counties across China: more than the chart's top 15.
const COUNTIES = [
  '371721', '371722', '371702', '371726', '371728', '371723', '371724', '371725', '371703',
  '110105', '310115', '440305', '330106', '510104', '420111', '610113', '350203', '130102', '650102', '540102',
];

let browser: Browser;
let ops: string;

beforeAll(async () => {
  ops = await tokenFor(uniqueId('ops'), 'ops');
  const run = uniqueId('browser');
  const orders = COUNTIES.flatMap((countyCode, c) =>
    Array.from({ length: (c % 4) + 1 }, (_, i) =>
      anOrder({
        orderId: `${run}-${c}-${i}`,
        buyerId: `${run}-buyer-${(c + i) % 7}`,
        sellerId: `${run}-seller-${c}`,
        sellerCountyCode: countyCode,
        // 19:00–21:00 Shanghai: the evening peak.
        createdAt: new Date(Date.parse(`${DAY}T11:00:00.000Z`) + (c * 7 + i) * 60_000).toISOString(),
        totalFen: (COUNTIES.length - c) * 10_000 + i * 1_234 + 56,
        units: i + 1,
      })),
  );
  await putOrders(orders);
  expect((await api('POST', '/v1/reports/county-sales', { token: ops, body: { date: DAY } })).status).toBe(202);
  // The system's Chromium, or the one inside the @sparticuz/chromium npm package (no CJK font: the
  // assertions read the DOM, never pixels).
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

describe('the HTML county sales report in headless Chromium', () => {
  it('shows the chart, and the table totals match the JSON to the fen', async () => {
    const json = (await api('GET', `/v1/reports/county-sales?date=${DAY}`, { token: ops })).body;
    const context = await browser.newContext({ extraHTTPHeaders: { authorization: `Bearer ${ops}` }, viewport: { width: 1000, height: 800 } });
    const page = await context.newPage();
    const requested: string[] = [];
    const problems: string[] = [];
    page.on('request', (request) => requested.push(request.url()));
    page.on('console', (message) => message.type() === 'error' && problems.push(message.text()));
    page.on('pageerror', (error) => problems.push(error.message));

    const response = await page.goto(`${baseUrl}/v1/reports/county-sales?date=${DAY}&format=html`);
    expect(response?.status()).toBe(200);
    await expect(page.title()).resolves.toBe(`区县销售日报 ${DAY}`);

    const chart = page.locator('#gmv-chart');
    expect(await chart.isVisible()).toBe(true);
    const box = (await chart.boundingBox())!;
    expect(box.width).toBeGreaterThan(300);
    expect(box.height).toBeGreaterThan(100);
    const bars = chart.locator('rect.bar');
    expect(await bars.count()).toBe(15);
    // Bars are drawn in GMV order: the first is the widest.
    const widths = await bars.evaluateAll((rects) => rects.map((rect) => rect.getBoundingClientRect().width));
    expect(widths[0]).toBe(Math.max(...widths));

    const totals = await page.locator('#county-sales tfoot td[data-field]').evaluateAll((cells) =>
      Object.fromEntries(cells.map((cell) => [cell.getAttribute('data-field'), Number(cell.getAttribute('data-value'))])),
    );
    expect(totals).toEqual(json.totals);
    const rowCodes = await page.locator('#county-sales tbody tr td:nth-of-type(1)').allTextContents();
    expect(rowCodes).toEqual(json.rows.map((row: { countyCode: string }) => row.countyCode));
    const rowGmv = await page.locator('#county-sales tbody td[data-field="gmvFen"]').evaluateAll((cells) => cells.map((cell) => Number(cell.getAttribute('data-value'))));
    expect(rowGmv).toEqual(json.rows.map((row: { gmvFen: number }) => row.gmvFen));

    // Self-contained: the page itself is the only request, and nothing was blocked or broken.
    expect(requested).toEqual([`${baseUrl}/v1/reports/county-sales?date=${DAY}&format=html`]);
    expect(problems).toEqual([]);

    mkdirSync(join(repoRoot, 'test-output'), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect(existsSync(SCREENSHOT)).toBe(true);
    await context.close();
  });
});
