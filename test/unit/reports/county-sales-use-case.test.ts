import { describe, expect, it } from 'vitest';
import type { ReportOrder } from '../../../lambdas/reports/domain/aggregate';
import { countySalesCsv } from '../../../lambdas/reports/domain/csv';
import { countySalesHtml } from '../../../lambdas/reports/domain/html';
import type { StoredCountySalesReport } from '../../../lambdas/reports/domain/stored-report';
import { generateCountySalesReport, readCountySalesReport, type GenerateDeps } from '../../../lambdas/reports/use-cases/county-sales';
import type { ReportFiles, ReportFileSet } from '../../../lambdas/reports/use-cases/ports';
import { anOrder } from './order-fixtures';

/** The bucket as a map, recording the order of writes. */
function memoryFiles() {
  const byDate = new Map<string, ReportFileSet>();
  const writes: string[] = [];
  const files: ReportFiles = {
    async write(date, set) {
      writes.push(date);
      byDate.set(date, set);
    },
    async read(date) {
      const set = byDate.get(date);
      return set && (JSON.parse(set.json) as StoredCountySalesReport);
    },
  };
  return { files, byDate, writes };
}

function deps(orders: ReportOrder[], files: ReportFiles, times = ['2026-11-27T16:05:00.000Z', '2026-11-27T17:00:00.000Z']): GenerateDeps {
  let call = 0;
  return {
    orders: { ordersOfDay: async () => ({ orders, itemsRead: orders.length, readUnits: 1.5 }) },
    files,
    aggregates: { replaceDay: async () => undefined, countyDaysOf: async () => ({ items: [], itemsRead: 0, queries: 0 }), sellerDaysOf: async () => ({ items: [], itemsRead: 0, queries: 0 }) },
    now: () => new Date(times[Math.min(call++, times.length - 1)]!),
  };
}

const DATE = '2026-11-27';
const dayOrders = () => [
  anOrder({ orderId: 'o1', totalFen: 1990, items: [{ quantity: 2 }] }),
  anOrder({ orderId: 'o2', buyerId: 'buyer-2', sellerCountyCode: '371722', sellerId: 'seller-2', totalFen: 880 }),
  anOrder({ orderId: 'o3', paidAt: '2026-11-27T15:59:59Z', totalFen: 100 }),
  // Shanghai midnight: already the 28th.
  anOrder({ orderId: 'o4', paidAt: '2026-11-27T16:00:00Z', totalFen: 100_000 }),
];

describe('generateCountySalesReport', () => {
  it('writes json, csv and html of the same report, and answers with its figures', async () => {
    const { files, byDate } = memoryFiles();
    const result = await generateCountySalesReport(deps(dayOrders(), files), DATE);

    expect(result).toEqual({
      date: DATE,
      generatedAt: '2026-11-27T16:05:00.000Z',
      counties: 2,
      totals: { orders: 3, units: 4, gmvFen: 2970, buyers: 2, sellers: 2 },
      itemsRead: 4,
      readUnits: 1.5,
    });
    const set = byDate.get(DATE)!;
    const stored = JSON.parse(set.json) as StoredCountySalesReport;
    const { provinceTotals: _, ...report } = stored;
    expect(set.csv).toBe(countySalesCsv(report));
    expect(set.html).toBe(countySalesHtml(report));
    expect(stored.provinceTotals).toEqual([{ provinceCode: '37', provinceName: '山东省', ...result.totals }]);
  });

  it('re-running over the same orders gives the same numbers; only generatedAt moves', async () => {
    const { files, byDate } = memoryFiles();
    const run = deps(dayOrders(), files);
    await generateCountySalesReport(run, DATE);
    const first = byDate.get(DATE)!;
    await generateCountySalesReport(run, DATE);
    const second = byDate.get(DATE)!;

    const withoutTime = (json: string) => ({ ...JSON.parse(json), generatedAt: undefined });
    expect(withoutTime(second.json)).toEqual(withoutTime(first.json));
    expect(second.csv).toBe(first.csv);
    expect(JSON.parse(second.json).generatedAt).not.toBe(JSON.parse(first.json).generatedAt);
  });

  it('a cancellation since the last run lowers the numbers: nothing is carried over between runs', async () => {
    const { files } = memoryFiles();
    const orders = dayOrders();
    await generateCountySalesReport(deps(orders, files), DATE);
    orders[0] = { ...orders[0]!, status: 'CANCELLED' };
    await generateCountySalesReport(deps(orders, files), DATE);

    expect((await readCountySalesReport(files, DATE))!.totals).toEqual({ orders: 2, units: 2, gmvFen: 980, buyers: 2, sellers: 2 });
  });

  it('a redelivered copy of an order (a replayed stream record, a retried page) is counted once', async () => {
    const { files } = memoryFiles();
    const orders = dayOrders();
    const once = await generateCountySalesReport(deps(orders, files), DATE);
    const twice = await generateCountySalesReport(deps([...orders, ...orders], files), DATE);
    expect(twice.totals).toEqual(once.totals);
  });
});

describe('readCountySalesReport', () => {
  it('is undefined for a day never generated', async () => {
    expect(await readCountySalesReport(memoryFiles().files, DATE)).toBeUndefined();
  });

  it('filters one province, with that province’s distinct totals', async () => {
    const { files } = memoryFiles();
    await generateCountySalesReport(deps([...dayOrders(), anOrder({ orderId: 'bj', sellerCountyCode: '110101', sellerId: 'seller-9', totalFen: 5 })], files), DATE);
    const shandong = (await readCountySalesReport(files, DATE, '37'))!;
    expect(shandong.rows.map((row) => row.countyCode)).toEqual(['371721', '371722']);
    expect(shandong.totals).toEqual({ orders: 3, units: 4, gmvFen: 2970, buyers: 2, sellers: 2 });
    expect((await readCountySalesReport(files, DATE, '11'))!.totals.gmvFen).toBe(5);
  });
});
