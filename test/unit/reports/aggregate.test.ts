import { describe, expect, it } from 'vitest';
import { aggregateCountySales } from '../../../lambdas/reports/domain/aggregate';
import { anOrder } from './order-fixtures';

const DAY = { date: '2026-11-27', generatedAt: '2026-11-27T17:00:00.000Z' };

describe('aggregateCountySales', () => {
  it('reports one county with names from the division data', () => {
    const report = aggregateCountySales(
      [anOrder({ totalFen: 2590, items: [{ quantity: 2 }, { quantity: 3 }] })],
      DAY,
    );

    expect(report).toEqual({
      date: '2026-11-27',
      timezone: 'Asia/Shanghai',
      generatedAt: '2026-11-27T17:00:00.000Z',
      rows: [
        {
          countyCode: '371721',
          countyName: '曹县',
          provinceCode: '37',
          provinceName: '山东省',
          orders: 1,
          units: 5,
          gmvFen: 2590,
          buyers: 1,
          sellers: 1,
        },
      ],
      totals: { orders: 1, units: 5, gmvFen: 2590, buyers: 1, sellers: 1 },
    });
  });

  it('returns no rows and zero totals for a day without sales', () => {
    const report = aggregateCountySales([], DAY);

    expect(report.rows).toEqual([]);
    expect(report.totals).toEqual({ orders: 0, units: 0, gmvFen: 0, buyers: 0, sellers: 0 });
  });

  it('counts by the Shanghai day of paidAt, at both midnights', () => {
    const report = aggregateCountySales(
      [
        anOrder({ paidAt: '2026-11-26T15:59:59.999Z', totalFen: 1 }), // 26th, 23:59:59.999 Shanghai
        anOrder({ paidAt: '2026-11-26T16:00:00.000Z', totalFen: 10 }), // 27th, 00:00 Shanghai
        anOrder({ paidAt: '2026-11-27T15:59:59Z', totalFen: 100 }), // 27th, 23:59:59 Shanghai
        anOrder({ paidAt: '2026-11-27T16:00:00Z', totalFen: 1000 }), // 28th, 00:00 Shanghai
      ],
      DAY,
    );

    expect(report.totals).toMatchObject({ orders: 2, gmvFen: 110 });
  });

  it('counts by the seller county, not the buyer', () => {
    const report = aggregateCountySales(
      [anOrder({ sellerCountyCode: '110105', buyerId: 'someone-in-heze' })],
      DAY,
    );

    expect(report.rows.map((row) => row.countyName)).toEqual(['朝阳区']);
  });

  it('excludes cancelled orders from every figure', () => {
    const report = aggregateCountySales(
      [
        anOrder({ totalFen: 500 }),
        anOrder({ status: 'CANCELLED', totalFen: 9999, buyerId: 'buyer-2', sellerId: 'seller-2' }),
        anOrder({ status: 'CANCELLED', sellerCountyCode: '371722' }),
      ],
      DAY,
    );

    expect(report.rows).toHaveLength(1);
    expect(report.totals).toEqual({ orders: 1, units: 1, gmvFen: 500, buyers: 1, sellers: 1 });
  });

  it.each(['PAID', 'FULFILMENT_REQUESTED', 'SHIPPED', 'DELIVERED'] as const)('counts %s orders', (status) => {
    expect(aggregateCountySales([anOrder({ status })], DAY).totals.orders).toBe(1);
  });

  it('counts buyers and sellers distinctly per county and across the day', () => {
    const report = aggregateCountySales(
      [
        anOrder({ sellerCountyCode: '371721', buyerId: 'b1', sellerId: 's1' }),
        anOrder({ sellerCountyCode: '371721', buyerId: 'b1', sellerId: 's1' }),
        anOrder({ sellerCountyCode: '371721', buyerId: 'b2', sellerId: 's2' }),
        anOrder({ sellerCountyCode: '371722', buyerId: 'b1', sellerId: 's3' }),
        anOrder({ sellerCountyCode: '371722', buyerId: 'b2', sellerId: 's3' }),
      ],
      DAY,
    );

    const byCode = Object.fromEntries(report.rows.map((row) => [row.countyCode, row]));
    expect(byCode['371721']).toMatchObject({ orders: 3, buyers: 2, sellers: 2 });
    expect(byCode['371722']).toMatchObject({ orders: 2, buyers: 2, sellers: 1 });
    // b1 and b2 bought in both counties: 2 buyers, not 4.
    expect(report.totals).toMatchObject({ orders: 5, buyers: 2, sellers: 3 });
  });

  it('counts a redelivered order once', () => {
    const order = anOrder({ totalFen: 700, items: [{ quantity: 7 }] });

    const report = aggregateCountySales([order, { ...order }, order], DAY);

    expect(report.totals).toEqual({ orders: 1, units: 7, gmvFen: 700, buyers: 1, sellers: 1 });
  });

  it('drops a redelivered order when any copy says CANCELLED, in either delivery order', () => {
    const placed = anOrder({ status: 'PAID' });
    const cancelled = { ...placed, status: 'CANCELLED' as const };

    expect(aggregateCountySales([placed, cancelled], DAY).totals.orders).toBe(0);
    expect(aggregateCountySales([cancelled, placed], DAY).totals.orders).toBe(0);
  });

  it('counts a redelivered order once whatever its non-cancelled statuses', () => {
    const placed = anOrder({ status: 'PAID', totalFen: 300 });
    const shipped = { ...placed, status: 'SHIPPED' as const };

    expect(aggregateCountySales([placed, shipped], DAY).totals).toMatchObject({ orders: 1, gmvFen: 300 });
  });

  it('sorts rows by GMV descending, then by county code', () => {
    const report = aggregateCountySales(
      [
        anOrder({ sellerCountyCode: '371728', totalFen: 100 }),
        anOrder({ sellerCountyCode: '371702', totalFen: 900 }),
        anOrder({ sellerCountyCode: '371726', totalFen: 100 }),
        anOrder({ sellerCountyCode: '110105', totalFen: 500 }),
        anOrder({ sellerCountyCode: '371722', totalFen: 100 }),
      ],
      DAY,
    );

    expect(report.rows.map((row) => row.countyCode)).toEqual(['371702', '110105', '371722', '371726', '371728']);
  });

  it('filters rows and totals by province', () => {
    const report = aggregateCountySales(
      [
        anOrder({ sellerCountyCode: '371721', buyerId: 'b1', sellerId: 's1', totalFen: 100 }),
        anOrder({ sellerCountyCode: '371722', buyerId: 'b2', sellerId: 's2', totalFen: 200 }),
        anOrder({ sellerCountyCode: '110105', buyerId: 'b3', sellerId: 's3', totalFen: 400 }),
      ],
      { ...DAY, provinceCode: '37' },
    );

    expect(report.rows.map((row) => row.countyCode)).toEqual(['371722', '371721']);
    expect(report.totals).toEqual({ orders: 2, units: 2, gmvFen: 300, buyers: 2, sellers: 2 });
  });

  it('keeps sales of a county code the data no longer knows, under its province', () => {
    const report = aggregateCountySales([anOrder({ sellerCountyCode: '379999', totalFen: 42 })], {
      ...DAY,
      provinceCode: '37',
    });

    expect(report.rows).toEqual([
      expect.objectContaining({ countyCode: '379999', countyName: '未知区县 379999', provinceCode: '37', provinceName: '山东省', gmvFen: 42 }),
    ]);
  });

  it('sums large amounts exactly, in integer fen', () => {
    const report = aggregateCountySales(
      [anOrder({ totalFen: 999_999_999_99 }), anOrder({ totalFen: 1 }), anOrder({ totalFen: 10 })],
      DAY,
    );

    expect(report.totals.gmvFen).toBe(100_000_000_010);
  });

  it.each([{ totalFen: 12.5 }, { totalFen: -1 }, { totalFen: Number.NaN }, { items: [{ quantity: 1.5 }] }])(
    'rejects non-integer or negative amounts %j',
    (overrides) => {
      expect(() => aggregateCountySales([anOrder(overrides)], DAY)).toThrow(RangeError);
    },
  );

  it.each(['2026-02-30', '2026-11-27T00:00:00Z', ''])('rejects the date %j', (date) => {
    expect(() => aggregateCountySales([], { ...DAY, date })).toThrow(RangeError);
  });

  it.each(['3', '371', 'sd'])('rejects the province code %j', (provinceCode) => {
    expect(() => aggregateCountySales([], { ...DAY, provinceCode })).toThrow(RangeError);
  });

  it('does not modify its input', () => {
    const orders = [anOrder(), anOrder({ status: 'CANCELLED' })];
    const copy = structuredClone(orders);

    aggregateCountySales(orders, DAY);

    expect(orders).toEqual(copy);
  });
});
