import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes } from '../../lambdas/routes';
import { placeOrderRoute } from '../../lambdas/orders/routes';
import { baseUrl } from '../support/local-api';

const SYSTEM_CHROMIUM = '/usr/bin/chromium';

/** Debian's chromium when installed, else the one @sparticuz/chromium unpacks. */
async function launchChromium(): Promise<Browser> {
  if (existsSync(SYSTEM_CHROMIUM)) return chromium.launch({ executablePath: SYSTEM_CHROMIUM, args: ['--no-sandbox'] });
  const sparticuz = (await import('@sparticuz/chromium')).default;
  return chromium.launch({ executablePath: await sparticuz.executablePath(), args: [...sparticuz.args, '--no-sandbox'] });
}

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

describe('the API reference at /docs in headless Chromium', () => {
  it('renders every operation with Redoc, loading nothing from outside the local runtime', async () => {
    const page = await browser.newPage();
    const requested: string[] = [];
    const problems: string[] = [];
    const blockedByPolicy = new Set<string>();
    page.on('request', (request) => requested.push(request.url()));
    page.on('requestfailed', (request) => {
      if (request.failure()?.errorText === 'csp') blockedByPolicy.add(request.url());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (message) => message.type() === 'error' && problems.push(message.text()));

    const response = await page.goto(`${baseUrl}/docs`);
    expect(response?.status()).toBe(200);
    const heading = page.getByRole('heading', { name: placeOrderRoute.summary });
    await heading.waitFor({ timeout: 30_000 });
    await page.waitForLoadState('networkidle');

    const operationIds = await page
      .locator('[data-section-id*="operation/"]')
      .evaluateAll((sections) => sections.map((section) => section.getAttribute('data-section-id')?.split('operation/')[1]));
    expect(new Set(operationIds)).toEqual(new Set(routes.map((route) => route.id)));
    // Redoc's side menu always asks for its logo on cdn.redoc.ly: the page's policy stops it in the browser.
    const logo = 'https://cdn.redoc.ly/redoc/logo-mini.svg';
    expect(problems.filter((problem) => !problem.startsWith(`Loading the image '${logo}' violates`))).toEqual([]);
    expect([...blockedByPolicy]).toEqual([logo]);

    const leaving = requested.filter((url) => !url.startsWith(`${baseUrl}/`) && !/^(data|blob):/.test(url) && !blockedByPolicy.has(url));
    expect(leaving).toEqual([]);
    expect(requested).toEqual(expect.arrayContaining([`${baseUrl}/docs/redoc.standalone.js`, `${baseUrl}/openapi.json`]));
  });
});
