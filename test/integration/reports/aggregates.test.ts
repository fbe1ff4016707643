import { describe, expect, it, inject } from 'vitest';
import type { ReportOrder } from '../../../lambdas/reports/domain/aggregate';
import type { StoredCountySalesReport } from '../../../lambdas/reports/domain/stored-report';
import type { StoredMonthlyReport } from '../../../lambdas/reports/domain/month-report';
import type { MonthReportFiles, ReportFiles } from '../../../lambdas/reports/use-cases/ports';
import { COUNTY_DAY_CHUNK_IDS } from '../../../lambdas/reports/model';
import { uniqueId } from '../../support/local-api';

// Real DynamoDB Local (the shared runtime's reports table); report files in memory.
Object.assign(process.env, inject('localRuntime').env, { POWERTOOLS_LOG_LEVEL: 'SILENT' });
const { createAggregateStore } = await import('../../../lambdas/reports/store/aggregates');
const { generateCountySalesReport } = await import('../../../lambdas/reports/use-cases/county-sales');
const { generateMonthlyCountyReport } = await import('../../../lambdas/reports/use-cases/monthly-reports');

const aggregates = createAggregateStore({ tableName: process.env['REPORTS_TABLE']! });

function memoryFiles<T extends StoredCountySalesReport | StoredMonthlyReport>() {
  const stored = new Map<string, string>();
  return {
    async write(period: string, files: { json: string }) {
      stored.set(period, files.json);
    },
    async read(period: string): Promise<T | undefined> {
      const json = stored.get(period);
      return json === undefined ? undefined : (JSON.parse(json) as T);
    },
  };
}

/** A day of its own (the county-day partition is per day, shared by every test on that day). */
let dayCounter = 0;
function uniqueMonth(): string {
  const n = (Date.now() % 50_000) + (dayCounter += 1) * 7;
  return `${2100 + (n % 800)}-${String((n % 12) + 1).padStart(2, '0')}`;
}
const paidOn = (day: string, hour = 12) => new Date(Date.parse(`${day}T${String(hour).padStart(2, '0')}:00:00+08:00`)).toISOString();

let seq = 0;
function order(day: string, o: Partial<ReportOrder> & Pick<ReportOrder, 'sellerId' | 'buyerId' | 'sellerCountyCode'>): ReportOrder {
  return { orderId: `o-${(seq += 1)}`, status: 'PAID', totalFen: 1_000, items: [{ quantity: 2 }], paidAt: paidOn(day), ...o };
}

function runDay(day: string, orders: ReportOrder[], files: ReportFiles = memoryFiles<StoredCountySalesReport>()) {
  return generateCountySalesReport({ orders: { ordersOfDay: async () => ({ orders, itemsRead: orders.length, readUnits: undefined }) }, files, aggregates, now: () => new Date() }, day);
}

describe('daily aggregates on DynamoDB', () => {
  it('re-running a day replaces its aggregates exactly (a late cancellation is not counted twice)', async () => {
    const day = `${uniqueMonth()}-15`;
    const a = uniqueId('seller-a');
    const b = uniqueId('seller-b');
    const first = [
      order(day, { sellerId: a, buyerId: 'x', sellerCountyCode: '371721', totalFen: 5_000 }),
      order(day, { sellerId: a, buyerId: 'y', sellerCountyCode: '371721', totalFen: 7_000 }),
      order(day, { sellerId: b, buyerId: 'x', sellerCountyCode: '371722', totalFen: 9_000 }),
    ];
    await runDay(day, first);
    expect((await aggregates.sellerDaysOf('371722', [day])).items).toEqual([{ sellerId: b, countyCode: '371722', day, orders: 1, units: 2, gmvFen: 9_000 }]);

    // Later: b's only order and one of a's are cancelled. The day is run again, twice.
    const later = [{ ...first[0]!, status: 'CANCELLED' as const }, first[1]!, { ...first[2]!, status: 'CANCELLED' as const }];
    await runDay(day, later);
    await runDay(day, later);

    expect((await aggregates.sellerDaysOf('371721', [day])).items).toEqual([{ sellerId: a, countyCode: '371721', day, orders: 1, units: 2, gmvFen: 7_000 }]);
    expect((await aggregates.sellerDaysOf('371722', [day])).items).toEqual([]);
    const counties = (await aggregates.countyDaysOf([day])).items;
    expect(counties).toEqual([{ countyCode: '371721', day, orders: 1, units: 2, gmvFen: 7_000, buyerIds: ['y'], sellerIds: [a] }]);
  });

  it("the month's report counts distinct buyers and sellers exactly over its days, counties and chunks", async () => {
    const month = uniqueMonth();
    const [d1, d2, d3] = [`${month}-01`, `${month}-02`, `${month}-28`];
    const s1 = uniqueId('s1');
    const s2 = uniqueId('s2');
    const s3 = uniqueId('s3');
    // A county day with more buyers than one chunk holds: its ids are split and joined back.
    const crowd = Array.from({ length: COUNTY_DAY_CHUNK_IDS + 300 }, (_, i) => order(d3, { sellerId: s3, buyerId: `crowd-${i}`, sellerCountyCode: '371723', totalFen: 100 }));
    await runDay(d1, [
      order(d1, { sellerId: s1, buyerId: 'b1', sellerCountyCode: '371721' }),
      order(d1, { sellerId: s2, buyerId: 'b2', sellerCountyCode: '371721' }),
    ]);
    await runDay(d2, [
      order(d2, { sellerId: s1, buyerId: 'b1', sellerCountyCode: '371721' }),
      order(d2, { sellerId: s3, buyerId: 'b1', sellerCountyCode: '371723' }),
    ]);
    await runDay(d3, [...crowd, order(d3, { sellerId: s3, buyerId: 'b2', sellerCountyCode: '371723' })]);

    const files: MonthReportFiles = memoryFiles<StoredMonthlyReport>();
    const generated = await generateMonthlyCountyReport({ aggregates, monthFiles: files, now: () => new Date('2026-01-01T00:00:00Z') }, month);
    const stored = (await files.read(month))!;

    const caoxian = stored.rows.find((row) => row.countyCode === '371721')!;
    const shanxian = stored.rows.find((row) => row.countyCode === '371723')!;
    expect(caoxian).toMatchObject({ orders: 3, units: 6, gmvFen: 3_000, buyers: 2, sellers: 2 });
    expect(shanxian).toMatchObject({ orders: COUNTY_DAY_CHUNK_IDS + 302, gmvFen: 1_000 + 1_000 + (COUNTY_DAY_CHUNK_IDS + 300) * 100, buyers: COUNTY_DAY_CHUNK_IDS + 302, sellers: 1 });
    // b1 and b2 bought in both counties: counted once each in the province and in total.
    expect(stored.totals).toMatchObject({ buyers: COUNTY_DAY_CHUNK_IDS + 302, sellers: 3 });
    expect(stored.provinceTotals).toEqual([expect.objectContaining({ provinceCode: '37', buyers: COUNTY_DAY_CHUNK_IDS + 302, sellers: 3 })]);
    expect(stored.dailyGmv.map((day) => day.date)).toEqual([d1, d2, d3]);
    expect(generated.countyCodes.sort()).toEqual(['371721', '371723']);
  });
});
