import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findCounty } from '../../../lambdas/core/counties';
import {
  aggregateCountySales,
  type CountySalesReport,
  type ReportOrder,
  type ReportOrderStatus,
} from '../../../lambdas/reports/domain/aggregate';

const COUNTIES = ['110105', '371721', '371722', '371702', '371726', '371728', '441900'];
const STATUSES: ReportOrderStatus[] = ['PAID', 'FULFILMENT_REQUESTED', 'SHIPPED', 'DELIVERED', 'CANCELLED'];
const DAYS = ['2026-11-26', '2026-11-27', '2026-11-28', '2026-11-29'];
// Shanghai midnights (UTC 16:00 the day before) around and between those days.
const MIDNIGHTS_UTC_MS = ['2026-11-25', '2026-11-26', '2026-11-27', '2026-11-28', '2026-11-29'].map(
  (utcDay) => Date.parse(`${utcDay}T16:00:00.000Z`),
);
const HOUR_MS = 3_600_000;

const paidAtArb = fc
  .tuple(
    fc.constantFrom(...MIDNIGHTS_UTC_MS),
    fc.oneof(
      { weight: 4, arbitrary: fc.integer({ min: -5_000, max: 5_000 }) },
      { weight: 2, arbitrary: fc.constantFrom(-1_000, -1, 0, 1, 999, 1_000) },
      { weight: 1, arbitrary: fc.integer({ min: -24 * HOUR_MS, max: 24 * HOUR_MS }) },
    ),
    fc.constantFrom('millis', 'seconds', 'shanghai-offset'),
  )
  .map(([midnight, offset, style]) => formatInstant(midnight + offset, style));

function formatInstant(epochMs: number, style: string): string {
  if (style === 'seconds') return new Date(Math.floor(epochMs / 1000) * 1000).toISOString().replace('.000Z', 'Z');
  if (style === 'shanghai-offset') return new Date(epochMs + 8 * HOUR_MS).toISOString().replace('Z', '+08:00');
  return new Date(epochMs).toISOString();
}

const orderArb: fc.Arbitrary<ReportOrder> = fc.record({
  orderId: fc.integer({ min: 1, max: 1_000_000 }).map((n) => `order-${n}`),
  buyerId: fc.constantFrom('b1', 'b2', 'b3', 'b4', 'b5', 'b6'),
  sellerId: fc.constantFrom('s1', 's2', 's3', 's4', 's5'),
  sellerCountyCode: fc.constantFrom(...COUNTIES),
  status: fc.constantFrom(...STATUSES),
  // Few distinct small amounts make GMV ties (and the tie-break) common.
  totalFen: fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(0, 100, 990) },
    { weight: 1, arbitrary: fc.integer({ min: 0, max: 10_000_000 * 99 * 20 }) },
  ),
  items: fc.array(fc.record({ quantity: fc.integer({ min: 1, max: 99 }) }), { minLength: 1, maxLength: 20 }),
  paidAt: paidAtArb,
});

/** Distinct orders, redelivered copies (some with a later status), all shuffled. */
const deliveriesArb: fc.Arbitrary<ReportOrder[]> = fc
  .tuple(
    fc.uniqueArray(orderArb, { selector: (order) => order.orderId, maxLength: 40 }),
    fc.array(fc.record({ pick: fc.nat(), status: fc.option(fc.constantFrom(...STATUSES)) }), { maxLength: 20 }),
  )
  .chain(([orders, redeliveries]) => {
    const copies = orders.length === 0
      ? []
      : redeliveries.map(({ pick, status }) => {
        const original = orders[pick % orders.length]!;
        return { ...original, status: status ?? original.status };
      });
    const all = [...orders, ...copies];
    return fc.shuffledSubarray(all, { minLength: all.length, maxLength: all.length });
  });

const optionsArb = fc.record({
  date: fc.constantFrom(...DAYS),
  provinceCode: fc.option(fc.constantFrom('11', '37', '44', '50'), { nil: undefined }),
});

const GENERATED_AT = '2026-11-30T00:00:00.000Z';

// The model, written differently on purpose: shift epoch ms by 8 h and slice
// the date; plain arrays and indexOf for the distinct counts.
function expectedReport(deliveries: ReportOrder[], date: string, provinceCode?: string): CountySalesReport {
  const cancelledIds = deliveries.filter((o) => o.status === 'CANCELLED').map((o) => o.orderId);
  const firstCopies = deliveries.filter((o, i) => deliveries.findIndex((other) => other.orderId === o.orderId) === i);
  const counted = firstCopies.filter(
    (o) =>
      !cancelledIds.includes(o.orderId)
      && new Date(Date.parse(o.paidAt) + 8 * HOUR_MS).toISOString().slice(0, 10) === date
      && (provinceCode === undefined || o.sellerCountyCode.slice(0, 2) === provinceCode),
  );
  const distinct = (values: string[]) => values.filter((v, i) => values.indexOf(v) === i).length;
  const summarize = (orders: ReportOrder[]) => ({
    orders: orders.length,
    units: orders.flatMap((o) => o.items).reduce((sum, item) => sum + item.quantity, 0),
    gmvFen: orders.reduce((sum, o) => sum + o.totalFen, 0),
    buyers: distinct(orders.map((o) => o.buyerId)),
    sellers: distinct(orders.map((o) => o.sellerId)),
  });
  const codes = counted.map((o) => o.sellerCountyCode).filter((code, i, all) => all.indexOf(code) === i);
  const rows = codes
    .map((countyCode) => {
      const county = findCounty(countyCode)!;
      return {
        countyCode,
        countyName: county.countyName,
        provinceCode: county.provinceCode,
        provinceName: county.provinceName,
        ...summarize(counted.filter((o) => o.sellerCountyCode === countyCode)),
      };
    })
    .sort((a, b) => (a.gmvFen !== b.gmvFen ? b.gmvFen - a.gmvFen : a.countyCode.localeCompare(b.countyCode)));
  return { date, timezone: 'Asia/Shanghai', generatedAt: GENERATED_AT, rows, totals: summarize(counted) };
}

describe('aggregateCountySales (properties)', () => {
  it('equals a straightforward recomputation, to the fen and the distinct person', () => {
    fc.assert(
      fc.property(deliveriesArb, optionsArb, (deliveries, { date, provinceCode }) => {
        const actual = aggregateCountySales(deliveries, { date, generatedAt: GENERATED_AT, provinceCode });
        expect(actual).toEqual(expectedReport(deliveries, date, provinceCode));
      }),
      { numRuns: 500 },
    );
  });

  it('does not depend on the delivery order', () => {
    fc.assert(
      fc.property(
        deliveriesArb.chain((deliveries) =>
          fc.tuple(
            fc.constant(deliveries),
            fc.shuffledSubarray(deliveries, { minLength: deliveries.length, maxLength: deliveries.length }),
          )),
        optionsArb,
        ([deliveries, reordered], { date, provinceCode }) => {
          const options = { date, generatedAt: GENERATED_AT, provinceCode };
          expect(aggregateCountySales(reordered, options)).toEqual(aggregateCountySales(deliveries, options));
        },
      ),
    );
  });

  it('has rows that add up to the totals, and distinct totals no larger than the row sums', () => {
    fc.assert(
      fc.property(deliveriesArb, optionsArb, (deliveries, { date, provinceCode }) => {
        const { rows, totals } = aggregateCountySales(deliveries, { date, generatedAt: GENERATED_AT, provinceCode });
        const sum = (pick: (row: (typeof rows)[number]) => number) => rows.reduce((s, row) => s + pick(row), 0);
        expect(sum((row) => row.orders)).toBe(totals.orders);
        expect(sum((row) => row.units)).toBe(totals.units);
        expect(sum((row) => row.gmvFen)).toBe(totals.gmvFen);
        expect(totals.buyers).toBeLessThanOrEqual(sum((row) => row.buyers));
        expect(totals.sellers).toBeLessThanOrEqual(sum((row) => row.sellers));
        expect(totals.buyers).toBeLessThanOrEqual(totals.orders);
      }),
    );
  });

  it('counts every kept order in exactly one Shanghai day', () => {
    fc.assert(
      fc.property(deliveriesArb, (deliveries) => {
        // Every day a generated paidAt can fall on (midnights ± 24 h, both ends inclusive).
        const everyDay = ['2026-11-24', '2026-11-25', ...DAYS, '2026-11-30', '2026-12-01'].map(
          (date) => aggregateCountySales(deliveries, { date, generatedAt: GENERATED_AT }).totals.gmvFen,
        );
        const cancelled = new Set(deliveries.filter((o) => o.status === 'CANCELLED').map((o) => o.orderId));
        const kept = new Map(deliveries.filter((o) => !cancelled.has(o.orderId)).map((o) => [o.orderId, o.totalFen]));
        expect(everyDay.reduce((a, b) => a + b, 0)).toBe([...kept.values()].reduce((a, b) => a + b, 0));
      }),
    );
  });
});
