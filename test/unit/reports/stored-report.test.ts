import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aggregateCountySales } from '../../../lambdas/reports/domain/aggregate';
import { buildStoredReport, reportView } from '../../../lambdas/reports/domain/stored-report';
import { anOrder } from './order-fixtures';

const DAY = { date: '2026-11-27', generatedAt: '2026-11-27T17:00:00.000Z' };

// 曹县 and 单县 (Shandong 37), 东城区 (Beijing 11). buyer-1 buys in both Shandong counties.
const orders = [
  anOrder({ orderId: 'a', sellerCountyCode: '371721', sellerId: 's1', buyerId: 'buyer-1', totalFen: 5000, items: [{ quantity: 2 }] }),
  anOrder({ orderId: 'b', sellerCountyCode: '371722', sellerId: 's2', buyerId: 'buyer-1', totalFen: 3000, items: [{ quantity: 1 }] }),
  anOrder({ orderId: 'c', sellerCountyCode: '371722', sellerId: 's2', buyerId: 'buyer-2', totalFen: 1000, items: [{ quantity: 4 }] }),
  anOrder({ orderId: 'd', sellerCountyCode: '110101', sellerId: 's3', buyerId: 'buyer-1', totalFen: 7000, items: [{ quantity: 1 }] }),
  anOrder({ orderId: 'e', sellerCountyCode: '110101', sellerId: 's3', buyerId: 'buyer-3', totalFen: 9999, status: 'CANCELLED' }),
  anOrder({ orderId: 'f', sellerCountyCode: '440305', sellerId: 's4', buyerId: 'buyer-4', totalFen: 100, status: 'CANCELLED' }),
];

describe('buildStoredReport', () => {
  const stored = buildStoredReport(orders, DAY);

  it('is the report plus the distinct totals of every province with sales', () => {
    const { provinceTotals, ...report } = stored;
    expect(report).toEqual(aggregateCountySales(orders, DAY));
    expect(provinceTotals).toEqual([
      { provinceCode: '37', provinceName: '山东省', orders: 3, units: 7, gmvFen: 9000, buyers: 2, sellers: 2 },
      { provinceCode: '11', provinceName: '北京市', orders: 1, units: 1, gmvFen: 7000, buyers: 1, sellers: 1 },
    ]);
  });

  it("counts a province's buyers once even when they bought in several of its counties", () => {
    const shandongRows = stored.rows.filter((row) => row.provinceCode === '37');
    expect(shandongRows.reduce((sum, row) => sum + row.buyers, 0)).toBe(3);
    expect(stored.provinceTotals.find((p) => p.provinceCode === '37')!.buyers).toBe(2);
  });
});

describe('reportView', () => {
  const stored = buildStoredReport(orders, DAY);

  it('without a province is exactly the report of the API contract', () => {
    expect(reportView(stored)).toEqual(aggregateCountySales(orders, DAY));
    expect(reportView(stored)).not.toHaveProperty('provinceTotals');
  });

  it('for a province keeps its counties and gives the totals a fresh aggregation would', () => {
    expect(reportView(stored, '37')).toEqual(aggregateCountySales(orders, { ...DAY, provinceCode: '37' }));
  });

  it('for a province without sales (or only cancellations) has no rows and zero totals', () => {
    for (const provinceCode of ['44', '65']) {
      expect(reportView(stored, provinceCode)).toEqual(aggregateCountySales(orders, { ...DAY, provinceCode }));
      expect(reportView(stored, provinceCode).totals).toEqual({ orders: 0, units: 0, gmvFen: 0, buyers: 0, sellers: 0 });
    }
  });
});

describe('reportView (property)', () => {
  const COUNTIES = ['371721', '371722', '371702', '110101', '110105', '440305'];
  // Copies of one order (redeliveries) may differ in status only: its seller, county and amounts never change.
  const orderArb = fc
    .record({
      n: fc.integer({ min: 1, max: 60 }),
      buyerId: fc.constantFrom('b1', 'b2', 'b3', 'b4'),
      status: fc.constantFrom('PAID', 'FULFILMENT_REQUESTED', 'SHIPPED', 'DELIVERED', 'CANCELLED' as const),
      items: fc.array(fc.record({ quantity: fc.integer({ min: 1, max: 99 }) }), { minLength: 1, maxLength: 3 }),
    })
    .map(({ n, buyerId, status, items }) => ({
      orderId: `o-${n}`,
      buyerId,
      sellerId: `s${n % 4}`,
      sellerCountyCode: COUNTIES[n % COUNTIES.length]!,
      status,
      totalFen: n * 997,
      items,
      paidAt: ['2026-11-26T15:59:59Z', '2026-11-26T16:00:00Z', '2026-11-27T04:00:00Z', '2026-11-27T15:59:59Z', '2026-11-27T16:00:00Z'][n % 5]!,
    }));

  it('any province of the stored report equals aggregating that province from the orders', () => {
    fc.assert(
      fc.property(fc.array(orderArb, { maxLength: 50 }), fc.constantFrom('37', '11', '44', '65'), (orders, provinceCode) => {
        const stored = buildStoredReport(orders, DAY);
        expect(reportView(stored, provinceCode)).toEqual(aggregateCountySales(orders, { ...DAY, provinceCode }));
      }),
      { numRuns: 300 },
    );
  });
});
