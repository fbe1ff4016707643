/**
 * `npm run seed -- [--days 30] [--months 0] [--url http://127.0.0.1:3000] [--data-dir .local-data]`
 *
 * Fills a running local runtime (`npm start`) with the seed story through the public API only:
 * Heze sellers and their produce, buyers across China, `--days` days of orders with the evening
 * peak, a few cancellations, then the daily county sales reports. `--months 12` adds the Taobao Village
 * story (scripts/seed/villages-story.ts): a year of 大集镇's costume shops, every day's report and the
 * monthly reports and village status of each month. Running it twice changes nothing:
 * profiles are PUT, products are matched by title, orders carry Idempotency-Keys derived from their
 * day and place in it, and a repeated cancel is a 409 that is expected.
 *
 * The API stamps orders with the current time. The local runtime alone honours a seed-only clock
 * header (lambdas/core/http/local-clock.ts) so that the month lands on its days; where the orders
 * handler does not honour it, every order lands today and the seed says so.
 */
import { parseArgs } from 'node:util';
import { LOCAL_CLOCK_HEADER } from '../lambdas/core/http/local-clock';
import type { UserGroup } from '../lambdas/core/http/route';
import { previousShanghaiDay, shanghaiDay, shanghaiDayBoundsUtc } from '../lambdas/reports/domain/business-day';
import { loadOrCreateIssuer, type LocalIssuer } from '../local/local-issuer';
import { defaultDataDir, issuerKeyFile } from '../local/paths';
import { DEMO_BUYER, seedLiveCommerce } from './seed/live-story';
import { expiresUnpaid, paidAtFor, payOrder } from './seed/payments';
import { progressBar } from './seed/progress';
import { planDay, SELLERS, type PlannedOrder, type SeedSeller } from './seed/story';
import { CAO_COUNTY, DINGLOU, planVillageStory, storyMonths, ZHANGZHUANG } from './seed/villages-story';

const { values } = parseArgs({
  options: {
    days: { type: 'string', default: '30' },
    months: { type: 'string', default: '0' },
    url: { type: 'string', default: process.env.VILLAGE_LIVE_URL ?? `http://127.0.0.1:${process.env.PORT ?? 3000}` },
    'data-dir': { type: 'string', default: defaultDataDir },
    concurrency: { type: 'string', default: '6' },
  },
});

const days = Number(values.days);
const months = Number(values.months);
const concurrency = Number(values.concurrency);
if (!Number.isInteger(days) || days < 1 || days > 366 || !Number.isInteger(months) || months < 0 || months > 12 || !Number.isInteger(concurrency) || concurrency < 1) {
  console.error('usage: npm run seed -- [--days 1..366] [--months 0..12] [--url http://127.0.0.1:3000] [--concurrency 6]');
  process.exit(2);
}
const baseUrl = values.url.replace(/\/$/, '');
const DAY_MS = 86_400_000;

class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    what: string,
  ) {
    super(`${what}: HTTP ${status} ${JSON.stringify(body)}`);
  }
}

interface Call {
  token: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** Statuses that are an answer rather than a failure (e.g. 409 for a repeated cancel). */
  accept?: number[];
}

async function call<T = any>(method: string, path: string, options: Call): Promise<{ status: number; body: T; headers: Headers }> {
  for (let attempt = 0; ; attempt++) {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${options.token}`,
        ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...options.headers,
      },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    const text = await response.text();
    const body = (text ? JSON.parse(text) : undefined) as T;
    if (response.ok || options.accept?.includes(response.status)) return { status: response.status, body, headers: response.headers };
    if ((response.status === 429 || response.status >= 500) && attempt < 5) {
      await new Promise((resolve) => setTimeout(resolve, 200 * 2 ** attempt));
      continue;
    }
    throw new ApiFailure(response.status, body, `${method} ${path}`);
  }
}

async function inPool<T>(items: readonly T[], width: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, items.length) }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

async function assertRunning(): Promise<void> {
  try {
    const response = await fetch(`${baseUrl}/v1/health`);
    if (response.ok) return;
  } catch {
    // fall through
  }
  console.error(`No village-live runtime answers on ${baseUrl}. Start one with \`npm start\` (or pass --url).`);
  process.exit(1);
}

const tokens = new Map<string, Promise<string>>();
const tokenFor = (issuer: LocalIssuer, sub: string, group: UserGroup) => {
  const key = `${group}:${sub}`;
  if (!tokens.has(key)) tokens.set(key, issuer.sign({ sub, groups: [group], expiresIn: '2h' }));
  return tokens.get(key)!;
};

/** Profile (PUT: idempotent) and products (matched by title, created only when missing). */
async function setUpSeller(issuer: LocalIssuer, seller: SeedSeller): Promise<string[]> {
  const token = await tokenFor(issuer, seller.sellerId, 'sellers');
  const { displayName, countyCode, village, villageCode } = seller;
  const clock = seller.createdAt ? { [LOCAL_CLOCK_HEADER]: seller.createdAt } : undefined;
  await call('PUT', '/v1/seller/profile', { token, body: { displayName, countyCode, village, villageCode }, headers: clock });
  const existing = new Map<string, string>();
  let cursor: string | undefined;
  do {
    const page = await call<{ items: { productId: string; title: string; status: string }[]; nextCursor: string | null }>(
      'GET',
      `/v1/seller/products?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      { token },
    );
    for (const product of page.body.items) if (product.status !== 'ARCHIVED') existing.set(product.title, product.productId);
    cursor = page.body.nextCursor ?? undefined;
  } while (cursor);
  const ids: string[] = [];
  for (const product of seller.products) {
    let productId = existing.get(product.title);
    if (!productId) {
      const created = await call<{ productId: string }>('POST', '/v1/seller/products', { token, body: { ...product, stock: 1_000_000 }, headers: clock });
      productId = created.body.productId;
    }
    ids.push(productId);
  }
  return ids;
}

interface Outcome {
  createdAt: string;
  backdated: boolean;
  replayed: boolean;
}

async function placeOrder(issuer: LocalIssuer, planned: PlannedOrder, productIds: Map<string, string[]>): Promise<{ orderId: string } & Outcome> {
  const token = await tokenFor(issuer, planned.buyer.buyerId, 'buyers');
  const ids = productIds.get(planned.seller.sellerId)!;
  const { name, phone, countyCode, detail } = planned.buyer;
  const placed = await call<{ orderId: string; createdAt: string }>('POST', '/v1/orders', {
    token,
    headers: { 'idempotency-key': planned.key, [LOCAL_CLOCK_HEADER]: planned.at },
    body: {
      sellerId: planned.seller.sellerId,
      items: planned.lines.map((line) => ({ productId: ids[line.product]!, quantity: line.quantity })),
      shippingAddress: { name, phone, countyCode, detail },
    },
  });
  return {
    orderId: placed.body.orderId,
    createdAt: placed.body.createdAt,
    backdated: placed.body.createdAt === planned.at,
    replayed: placed.headers.get('idempotent-replayed') === 'true',
  };
}

async function main(): Promise<void> {
  await assertRunning();
  const started = Date.now();
  const issuer = await loadOrCreateIssuer(issuerKeyFile(values['data-dir']));
  const now = new Date();
  const yesterday = previousShanghaiDay(now);
  // The `days` whole Shanghai days before today: each report is of a finished day.
  const yesterdayNoon = Date.parse(shanghaiDayBoundsUtc(yesterday).fromIso) + DAY_MS / 2;
  const seedDays = Array.from({ length: days }, (_, i) => shanghaiDay(new Date(yesterdayNoon - (days - 1 - i) * DAY_MS).toISOString()));
  const daily = seedDays.flatMap((day) => planDay(day, now.getTime() - 60_000));
  const villages = planVillageStory(storyMonths(months, now.getTime()), now.getTime() - 60_000);
  const plan = [...daily, ...villages.orders];
  const sellers = [...SELLERS, ...villages.shops];
  const cancellations = daily.filter((order) => order.cancel);
  const unpaid = new Set(daily.filter((order) => !order.cancel && expiresUnpaid(order.key)));

  const estimatedReportDays = Math.max(seedDays.length + 1, 31 * months);
  const bar = progressBar(sellers.length + 2 * plan.length - unpaid.size + 1 + cancellations.length + estimatedReportDays + 2 * months, 'seed');
  const productIds = new Map<string, string[]>();
  await inPool(sellers, concurrency, async (seller) => {
    productIds.set(seller.sellerId, await setUpSeller(issuer, seller));
    bar.tick(1, seller.displayName);
  });

  const live = await seedLiveCommerce({ call, tokenFor: (sub, group) => tokenFor(issuer, sub, group), sellers: SELLERS, productIds });

  const placed = new Map<string, { orderId: string } & Outcome>();
  await inPool(plan, concurrency, async (order) => {
    placed.set(order.key, await placeOrder(issuer, order, productIds));
    bar.tick(1, order.day);
  });

  // Most orders are paid a few minutes after placing; a few never are and expire (locally, expiry runs
  // only on its control route); the cancellations below are of paid orders, so they are refunded.
  const notAfterMs = now.getTime() - 1_000;
  let paid = 0;
  await inPool(
    plan.filter((order) => !unpaid.has(order)),
    concurrency,
    async (order) => {
      const token = await tokenFor(issuer, order.buyer.buyerId, 'buyers');
      if (await payOrder(call, token, placed.get(order.key)!.orderId, paidAtFor(placed.get(order.key)!.createdAt, notAfterMs))) paid += 1;
      bar.tick(1, 'payments');
    },
  );
  const expiry = await call<{ expired?: number }>('POST', '/_local/schedules/order-expiry', { token: '', body: { at: new Date(notAfterMs).toISOString() } });
  bar.tick(1, 'expiry');

  let cancelled = 0;
  await inPool(cancellations, concurrency, async (order) => {
    const token = await tokenFor(issuer, order.buyer.buyerId, 'buyers');
    const response = await call('POST', `/v1/orders/${placed.get(order.key)!.orderId}/cancel`, { token, accept: [409] });
    if (response.status === 200) cancelled += 1;
    bar.tick(1, 'cancellations');
  });

  // Where the clock header was not honoured the orders are today's: report today as well.
  // Reports count paid orders by the day of paidAt (a few minutes after placing: maybe the next day).
  const reportDays = [...new Set([...seedDays, ...[...placed.values()].flatMap((outcome) => [shanghaiDay(outcome.createdAt), shanghaiDay(paidAtFor(outcome.createdAt, notAfterMs))])])].sort();
  const ops = await tokenFor(issuer, 'seed-ops', 'ops');
  const reports: { date: string; orders: number; gmvFen: number }[] = [];
  await inPool(reportDays, Math.min(concurrency, 3), async (date) => {
    const generated = await call<{ totals: { orders: number; gmvFen: number } }>('POST', '/v1/reports/county-sales', { token: ops, body: { date } });
    reports.push({ date, orders: generated.body.totals.orders, gmvFen: generated.body.totals.gmvFen });
    bar.tick(1, `report ${date}`);
  });
  reports.sort((a, b) => a.date.localeCompare(b.date));

  // The monthly runs read the daily runs' per-seller aggregates: months after days, oldest first.
  const villageMonths: string[] = [];
  for (const month of villages.months) {
    await call('POST', '/_local/schedules/monthly-reports', { token: '', body: { month } });
    bar.tick(1, `month ${month}`);
    const status = await call<{ villages: { villageCode: string; gmvFen: number; activeShops: number; taobaoVillage: boolean }[] }>(
      'GET',
      `/v1/reports/villages?countyCode=${CAO_COUNTY}&month=${month}`,
      { token: ops },
    );
    const row = (code: string) => {
      const village = status.body.villages.find((v) => v.villageCode === code)!;
      return `¥${Math.round(village.gmvFen / 100).toLocaleString('en-US')} · ${village.activeShops} shops${village.taobaoVillage ? ' · 淘宝村' : ''}`;
    };
    villageMonths.push(`    ${month}  张庄村 ${row(ZHANGZHUANG)}  |  丁楼村 ${row(DINGLOU)}`);
    bar.tick(1, `villages ${month}`);
  }
  bar.done();

  const outcomes = [...placed.values()];
  const backdated = outcomes.filter((outcome) => outcome.backdated).length;
  const busiest = reports.reduce((best, report) => (report.gmvFen > best.gmvFen ? report : best), reports[0]!);
  if (backdated < outcomes.length) {
    console.warn(
      `\nnote: ${outcomes.length - backdated} of ${outcomes.length} orders landed today: this runtime's orders handler does not honour ` +
        `the seed clock header (${LOCAL_CLOCK_HEADER}), so the month is compressed into today's report.`,
    );
  }
  console.log(
    [
      `seeded ${baseUrl} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
      `  sellers: ${SELLERS.length} in Heze (曹县 江楼村/孙庄村, 牡丹区, 单县, 鄄城县, 东明县, 成武县, 巨野县)`,
      `  orders: ${daily.length} over ${seedDays[0]} … ${seedDays.at(-1)}${months > 0 ? ` and ${villages.orders.length} of the village story` : ''} (${outcomes.filter((o) => o.replayed).length} already there), ${paid} newly paid, ${unpaid.size} left unpaid (expiry: ${JSON.stringify(expiry.body)}), ${cancelled} newly cancelled and refunded`,
      `  live: ${live.follows} follows of ${live.sellers} 曹县 sellers, ${live.replays} broadcasts with replays, ${live.demoInbox} notifications for ${DEMO_BUYER}`,
      `  reports: ${reports.length} days; busiest ${busiest.date}: ${busiest.orders} orders, ¥${(busiest.gmvFen / 100).toFixed(2)}`,
      ...(months > 0
        ? [
            `  villages: ${villages.shops.length} costume shops in 大集镇 (张庄村, 丁楼村), ${villages.orders.length} wholesale orders over ${villages.months[0]} … ${villages.months.at(-1)}; 12-month status by month:`,
            ...villageMonths,
          ]
        : []),
      '',
      'Open a report:',
      `  curl -s -H "Authorization: Bearer $(npm run -s token -- --sub ops-demo --role ops${values['data-dir'] === defaultDataDir ? '' : ` --data-dir ${values['data-dir']}`})" \\`,
      `    "${baseUrl}/v1/reports/county-sales?date=${busiest.date}&format=html" > county-sales.html`,
      ...(months > 0 ? [`  (villages: "${baseUrl}/v1/reports/villages?countyCode=${CAO_COUNTY}&month=${villages.months.at(-1)}&format=html")`] : []),
    ].join('\n'),
  );
}

main().catch((error) => {
  console.error(`\nseed failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
