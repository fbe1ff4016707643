/**
 * Village status benchmark: `npm run bench:villages` prints one JSON object.
 *
 * On its own in-memory DynamoDB Local: one county (曹县), `--sellers` sellers (3,000) in `--villages`
 * villages (300 of its village committees; five of them crowded with 120 sellers each, near the
 * thresholds, though at the default scale none qualifies: the flags' edges are the property test's job,
 * here every village's GMV and active shops must match), 12 months of history. Each day's orders are written twice, as the system would have them:
 * raw orders (one item each) and that day's aggregates through the daily run's own write path
 * (`replaceDay`). Then, in the same run:
 *   - report: the monthly village run for the county (`generateVillageReport`: one Query of the
 *     seller-day aggregates per day of the window, BatchGetItem of the profiles found there);
 *   - baseline: an independent recomputation from the raw orders (a Scan of the orders, the rules
 *     written out again here, not the domain module), which must equal the report exactly.
 * Prints the items the village run read next to the orders in the window, their ratio (goal ≥ 30),
 * seller-days with sales (goal: items read ≤ that), and wall times. `--orders-per-day` scales it down.
 */
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { profileKey } from '../lambdas/catalog/model';
import { villagesOfCounty } from '../lambdas/core/villages/lookup';
import type { ReportOrder } from '../lambdas/reports/domain/aggregate';
import { shanghaiDay } from '../lambdas/reports/domain/business-day';
import { dayAggregates } from '../lambdas/reports/domain/day-aggregates';
import type { StoredVillageReport } from '../lambdas/reports/domain/village-report';
import { addMonths, monthEndMs, villageWindow } from '../lambdas/reports/domain/villages';
import { createAggregateStore } from '../lambdas/reports/store/aggregates';
import { createSellerProfiles } from '../lambdas/reports/store/seller-profiles';
import { daysOfMonth, generateVillageReport } from '../lambdas/reports/use-cases/monthly-reports';
import { startDynamoDbLocal } from '../local/emulators/dynamodb-local';
import { localCredentials, localRegion } from '../local/emulators/local-aws';
import { createTableInput } from '../local/provision';
import { tables } from '../lib/topology';
import { seededRandom } from '../scripts/seeded-random';

const { values } = parseArgs({
  options: {
    sellers: { type: 'string', default: '3000' },
    villages: { type: 'string', default: '300' },
    'orders-per-day': { type: 'string', default: '40' },
  },
});
const SELLERS = Number(values.sellers);
const VILLAGES = Number(values.villages);
const ORDERS_PER_SALES_DAY = Number(values['orders-per-day']);
const COUNTY = '371721';
const MONTH = '2026-10';
const DAY_MS = 86_400_000;
const WRITE_CONCURRENCY = 8;

const round = (n: number) => Math.round(n * 100) / 100;
const progress = (message: string) => process.stderr.write(`[bench:villages] ${message}\n`);

interface Seller {
  sellerId: string;
  villageCode: string;
  createdAt: string;
}

function makeSellers(villageCodes: string[], random: () => number): Seller[] {
  const crowded = villageCodes.slice(0, 5);
  const sellers: Seller[] = [];
  for (let i = 0; i < SELLERS; i += 1) {
    const villageCode = i < crowded.length * 120 ? crowded[i % crowded.length]! : villageCodes[5 + (i % (villageCodes.length - 5))]!;
    // Most shops are old; some opened during the year, a few in the last weeks (younger than 30 days).
    const age = random();
    const createdMs = age < 0.8 ? Date.parse('2025-06-01T00:00:00+08:00') : age < 0.97 ? Date.parse('2025-11-01T00:00:00+08:00') + Math.floor(random() * 330) * DAY_MS : Date.parse('2026-10-05T10:00:00+08:00') + Math.floor(random() * 20) * DAY_MS;
    sellers.push({ sellerId: `seller-${String(i).padStart(5, '0')}`, villageCode, createdAt: new Date(createdMs).toISOString() });
  }
  return sellers;
}

/** Each seller sells on about one day a month (sometimes none, sometimes two), many orders that day. */
function makeOrders(sellers: Seller[], months: string[], random: () => number): Map<string, ReportOrder[]> {
  const byDay = new Map<string, ReportOrder[]>();
  let n = 0;
  for (const seller of sellers) {
    const big = seller.villageCode.endsWith('0') ? 1 : 0;
    for (const month of months) {
      const salesDays = random() < 0.1 ? 0 : random() < 0.15 ? 2 : 1;
      for (let d = 0; d < salesDays; d += 1) {
        const dayStart = Date.parse(`${month}-01T00:00:00+08:00`) + Math.floor(random() * daysInMonthOf(month)) * DAY_MS;
        const count = 1 + Math.floor(random() * (2 * ORDERS_PER_SALES_DAY - 1));
        for (let o = 0; o < count; o += 1) {
          const paidAt = new Date(dayStart + Math.floor(random() * DAY_MS)).toISOString();
          if (Date.parse(paidAt) < Date.parse(seller.createdAt)) continue;
          const order: ReportOrder = {
            orderId: `O${String((n += 1)).padStart(9, '0')}`,
            buyerId: `buyer-${Math.floor(random() * 200_000)}`,
            sellerId: seller.sellerId,
            sellerCountyCode: COUNTY,
            status: random() < 0.03 ? 'CANCELLED' : 'DELIVERED',
            totalFen: 2_000 + Math.floor(random() * (big ? 60_000 : 20_000)),
            items: [{ quantity: 1 + Math.floor(random() * 4) }],
            paidAt,
          };
          const day = shanghaiDay(paidAt);
          const list = byDay.get(day);
          if (list) list.push(order);
          else byDay.set(day, [order]);
        }
      }
    }
  }
  return byDay;
}

function daysInMonthOf(month: string): number {
  return daysOfMonth(month).length;
}

async function writeAll(documents: DynamoDBDocumentClient, table: string, items: Record<string, unknown>[]): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const chunk = items.slice(next, (next += 25));
      let pending: Record<string, unknown>[] = chunk.map((Item) => ({ PutRequest: { Item } }));
      while (pending.length > 0) {
        const result = await documents.send(new BatchWriteCommand({ RequestItems: { [table]: pending } }));
        pending = result.UnprocessedItems?.[table] ?? [];
      }
    }
  };
  await Promise.all(Array.from({ length: WRITE_CONCURRENCY }, worker));
}

/** The rules of API.md written out again, straight from raw orders: the check on the report. */
function recompute(orders: ReportOrder[], sellers: Seller[], villages: Awaited<ReturnType<typeof villagesOfCounty>>) {
  const window = villageWindow(MONTH);
  const lastThree = [addMonths(MONTH, -2), addMonths(MONTH, -1), MONTH];
  const seen = new Map<string, ReportOrder>();
  for (const order of orders) if (!seen.has(order.orderId) || order.status === 'CANCELLED') seen.set(order.orderId, order);
  const gmv = new Map<string, number>();
  const monthlyOrders = new Map<string, number>();
  for (const order of seen.values()) {
    if (order.status === 'CANCELLED') continue;
    const day = shanghaiDay(order.paidAt);
    if (day < window.from || day > window.to) continue;
    gmv.set(order.sellerId, (gmv.get(order.sellerId) ?? 0) + order.totalFen);
    const key = `${order.sellerId}|${day.slice(0, 7)}`;
    monthlyOrders.set(key, (monthlyOrders.get(key) ?? 0) + 1);
  }
  const rows = new Map(villages.map((v) => [v.villageCode, { gmvFen: 0, activeShops: 0 }]));
  for (const seller of sellers) {
    const row = rows.get(seller.villageCode);
    if (!row) continue;
    row.gmvFen += gmv.get(seller.sellerId) ?? 0;
    const oldEnough = monthEndMs(MONTH) - Date.parse(seller.createdAt) >= 30 * DAY_MS;
    const months = lastThree.filter((m) => m >= shanghaiDay(seller.createdAt).slice(0, 7));
    const count = months.reduce((sum, m) => sum + (monthlyOrders.get(`${seller.sellerId}|${m}`) ?? 0), 0);
    if (oldEnough && count >= months.length) row.activeShops += 1;
  }
  const villageRows = villages.map((v) => {
    const row = rows.get(v.villageCode)!;
    return { villageCode: v.villageCode, gmvFen: row.gmvFen, activeShops: row.activeShops, taobaoVillage: v.committee === 'village' && row.gmvFen >= 1_000_000_000 && row.activeShops >= 100 };
  });
  const towns = new Map<string, { taobaoVillages: number; gmvFen: number; activeShops: number }>();
  for (const v of villages) {
    const row = villageRows.find((r) => r.villageCode === v.villageCode)!;
    const town = towns.get(v.townCode) ?? { taobaoVillages: 0, gmvFen: 0, activeShops: 0 };
    towns.set(v.townCode, { taobaoVillages: town.taobaoVillages + (row.taobaoVillage ? 1 : 0), gmvFen: town.gmvFen + row.gmvFen, activeShops: town.activeShops + row.activeShops });
  }
  return {
    villages: new Map(villageRows.map((r) => [r.villageCode, r])),
    towns: new Map([...towns].map(([code, t]) => [code, { ...t, taobaoTown: t.taobaoVillages >= 3 || (t.gmvFen >= 3_000_000_000 && t.activeShops >= 300) }])),
  };
}

function sameAsReport(report: StoredVillageReport | { villages: StoredVillageReport['villages']; towns: StoredVillageReport['towns'] }, check: ReturnType<typeof recompute>): boolean {
  const villagesEqual = report.villages.length === check.villages.size && report.villages.every((v) => {
    const c = check.villages.get(v.villageCode);
    return c !== undefined && c.gmvFen === v.gmvFen && c.activeShops === v.activeShops && c.taobaoVillage === v.taobaoVillage;
  });
  const townsEqual = report.towns.length === check.towns.size && report.towns.every((t) => {
    const c = check.towns.get(t.townCode);
    return c !== undefined && c.gmvFen === t.gmvFen && c.activeShops === t.activeShops && c.taobaoVillages === t.taobaoVillages && c.taobaoTown === t.taobaoTown;
  });
  return villagesEqual && townsEqual;
}

async function main() {
  const started = performance.now();
  const dynamo = await startDynamoDbLocal();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void dynamo.stop().finally(() => process.exit(130)));
  const client = new DynamoDBClient({ endpoint: dynamo.endpoint, region: localRegion, credentials: localCredentials });
  const documents = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  try {
    for (const declaration of [tables.reports, tables.catalog]) {
      const input = createTableInput(declaration);
      await client.send(new CreateTableCommand({ ...input, GlobalSecondaryIndexes: undefined, AttributeDefinitions: input.AttributeDefinitions!.filter((a) => a.AttributeName === 'pk' || a.AttributeName === 'sk') }));
    }
    const ordersTable = 'bench-raw-orders';
    await client.send(new CreateTableCommand({ TableName: ordersTable, BillingMode: 'PAY_PER_REQUEST', AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }] }));

    const random = seededRandom(20261031);
    const countyVillages = await villagesOfCounty(COUNTY);
    const villages = countyVillages.filter((v) => v.committee === 'village').slice(0, VILLAGES);
    const sellers = makeSellers(villages.map((v) => v.villageCode), random);
    const window = villageWindow(MONTH);
    const byDay = makeOrders(sellers, window.months, random);
    const allOrders = [...byDay.values()].flat();
    progress(`${sellers.length} sellers, ${allOrders.length} orders on ${byDay.size} days: loading`);

    const loadStarted = performance.now();
    const aggregates = createAggregateStore({ tableName: tables.reports.localName, client: documents });
    // The daily runs' writes, as they would have happened (in parallel with loading the raw orders).
    const daily = (async () => {
      for (const [day, orders] of byDay) await aggregates.replaceDay(dayAggregates(orders, day));
    })();
    await writeAll(documents, tables.catalog.localName, sellers.map((s) => ({ ...profileKey(s.sellerId), sellerId: s.sellerId, countyCode: COUNTY, villageCode: s.villageCode, createdAt: s.createdAt })));
    await writeAll(documents, ordersTable, allOrders.map((o) => ({ pk: o.orderId, orderId: o.orderId, buyerId: o.buyerId, sellerId: o.sellerId, sellerCountyCode: o.sellerCountyCode, status: o.status, totalFen: o.totalFen, unitCount: o.items[0]!.quantity, paidAt: o.paidAt })));
    await daily;
    const loadSeconds = round((performance.now() - loadStarted) / 1000);
    progress(`loaded in ${loadSeconds} s`);

    let stored: StoredVillageReport | undefined;
    const reportStarted = performance.now();
    const generated = await generateVillageReport(
      {
        aggregates,
        profiles: createSellerProfiles({ tableName: tables.catalog.localName, client: documents }),
        villageFiles: { write: async (_m, _c, files) => void (stored = JSON.parse(files.json) as StoredVillageReport), read: async () => stored },
        now: () => new Date(),
      },
      COUNTY,
      MONTH,
    );
    const reportMs = performance.now() - reportStarted;
    progress(`village run: ${generated.itemsRead} aggregates + ${generated.profilesRead} profiles in ${generated.queries} queries, ${round(reportMs / 1000)} s; scanning the raw orders`);

    const baselineStarted = performance.now();
    const raw: ReportOrder[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await documents.send(new ScanCommand({ TableName: ordersTable, ExclusiveStartKey: startKey }));
      for (const item of page.Items ?? []) {
        raw.push({ orderId: String(item['orderId']), buyerId: String(item['buyerId']), sellerId: String(item['sellerId']), sellerCountyCode: String(item['sellerCountyCode']), status: item['status'] as ReportOrder['status'], totalFen: Number(item['totalFen']), items: [{ quantity: Number(item['unitCount']) }], paidAt: String(item['paidAt']) });
      }
      startKey = page.LastEvaluatedKey;
      if (raw.length % 100_000 < (page.Items?.length ?? 0)) progress(`scanned ${raw.length} orders in ${round((performance.now() - baselineStarted) / 1000)} s`);
    } while (startKey);
    const check = recompute(raw, sellers, countyVillages);
    const baselineMs = performance.now() - baselineStarted;

    const inWindow = raw.filter((o) => { const day = shanghaiDay(o.paidAt); return day >= window.from && day <= window.to; }).length;
    const sellerDaysWithSales = new Set(raw.filter((o) => o.status !== 'CANCELLED').map((o) => `${o.sellerId}|${shanghaiDay(o.paidAt)}`)).size;
    const itemsRead = generated.itemsRead + generated.profilesRead;
    console.log(JSON.stringify({
      county: COUNTY,
      month: MONTH,
      window: { from: window.from, to: window.to },
      sellers: sellers.length,
      villages: villages.length,
      taobaoVillages: generated.report.villages.filter((v) => v.taobaoVillage).length,
      ordersInWindow: inWindow,
      sellerDaysWithSales,
      villageRun: { aggregateItemsRead: generated.itemsRead, profilesRead: generated.profilesRead, itemsRead, queries: generated.queries, wallMs: round(reportMs) },
      ratio: round(inWindow / itemsRead),
      goals: { ratioAtLeast30: inWindow / itemsRead >= 30, aggregateItemsPerSellerDayAtMost1: generated.itemsRead <= sellerDaysWithSales },
      baseline: { ordersScanned: raw.length, wallMs: round(baselineMs), wallRatio: round(baselineMs / reportMs) },
      equal: sameAsReport(generated.report, check),
      environment: { dynamodb: 'DynamoDB Local (in-memory)', node: process.version, cpus: cpus().length, loadSeconds, benchSeconds: round((performance.now() - started) / 1000) },
    }, null, 2));
    if (!sameAsReport(generated.report, check)) process.exitCode = 1;
  } finally {
    client.destroy();
    await dynamo.stop();
  }
}

await main();
