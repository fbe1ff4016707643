import type { CountySalesReport, CountySalesRow } from '../../../lambdas/reports/domain/aggregate';

export function aRow(overrides: Partial<CountySalesRow> = {}): CountySalesRow {
  return {
    countyCode: '371721',
    countyName: '曹县',
    provinceCode: '37',
    provinceName: '山东省',
    orders: 3,
    units: 7,
    gmvFen: 123456,
    buyers: 2,
    sellers: 1,
    ...overrides,
  };
}

export function aReport(rows: CountySalesRow[], overrides: Partial<CountySalesReport> = {}): CountySalesReport {
  const sum = (field: 'orders' | 'units' | 'gmvFen' | 'buyers' | 'sellers') =>
    rows.reduce((total, row) => total + row[field], 0);
  return {
    date: '2026-11-27',
    timezone: 'Asia/Shanghai',
    generatedAt: '2026-11-27T17:00:00.000Z',
    rows,
    totals: { orders: sum('orders'), units: sum('units'), gmvFen: sum('gmvFen'), buyers: sum('buyers'), sellers: sum('sellers') },
    ...overrides,
  };
}
