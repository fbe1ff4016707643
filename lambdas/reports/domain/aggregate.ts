import { findCounty, findProvince } from '../../core/counties';
import { PAID_STATUSES, type OrderStatus } from '../../orders/domain/order';
import { isCalendarDay, REPORT_TIMEZONE, shanghaiDay } from './business-day';

export type ReportOrderStatus = OrderStatus;

/** Paid and not cancelled: what a report counts. */
const COUNTED: ReadonlySet<ReportOrderStatus> = new Set(PAID_STATUSES);

/** The fields of a paid order that the county sales report reads (the day index holds only paid orders). */
export interface ReportOrder {
  orderId: string;
  buyerId: string;
  sellerId: string;
  sellerCountyCode: string;
  status: ReportOrderStatus;
  totalFen: number;
  items: readonly { quantity: number }[];
  /** The provider's payment time: the report day is its Asia/Shanghai day. */
  paidAt: string;
}

export interface CountySalesTotals {
  orders: number;
  units: number;
  gmvFen: number;
  buyers: number;
  sellers: number;
}

export interface CountySalesRow extends CountySalesTotals {
  countyCode: string;
  countyName: string;
  provinceCode: string;
  provinceName: string;
}

export interface CountySalesReport {
  date: string;
  timezone: typeof REPORT_TIMEZONE;
  generatedAt: string;
  rows: CountySalesRow[];
  totals: CountySalesTotals;
}

export interface CountySalesOptions {
  /** The Asia/Shanghai business day, 'YYYY-MM-DD'. */
  date: string;
  generatedAt: string;
  /** Two digits; keeps only counties of that province, in rows and totals. */
  provinceCode?: string;
}

// For a county code the data package no longer knows (a county merged after
// the order was placed): its sales still count rather than vanish.
const UNKNOWN_NAME = '未知';

interface Tally {
  orders: number;
  units: number;
  gmvFen: number;
  buyers: Set<string>;
  sellers: Set<string>;
}

/**
 * Sales per seller county for one Shanghai day of payment. Orders paid on
 * other days are ignored, only paid orders count (cancelled ones do not), and an orderId seen more than once
 * counts once (see {@link oneCopyPerOrder}).
 */
export function aggregateCountySales(orders: Iterable<ReportOrder>, options: CountySalesOptions): CountySalesReport {
  const { date, generatedAt, provinceCode } = options;
  if (!isCalendarDay(date)) throw new RangeError(`Not a calendar day (YYYY-MM-DD): ${date}`);
  if (provinceCode !== undefined && !/^\d{2}$/.test(provinceCode)) {
    throw new RangeError(`Not a two-digit province code: ${provinceCode}`);
  }

  const byCounty = new Map<string, Tally>();
  const total = emptyTally();
  for (const order of oneCopyPerOrder(orders)) {
    if (!COUNTED.has(order.status)) continue;
    if (shanghaiDay(order.paidAt) !== date) continue;
    if (provinceCode !== undefined && !order.sellerCountyCode.startsWith(provinceCode)) continue;

    assertIntegerAmounts(order);
    const units = countUnits(order);
    let county = byCounty.get(order.sellerCountyCode);
    if (!county) byCounty.set(order.sellerCountyCode, (county = emptyTally()));
    for (const tally of [county, total]) {
      tally.orders += 1;
      tally.units += units;
      tally.gmvFen += order.totalFen;
      tally.buyers.add(order.buyerId);
      tally.sellers.add(order.sellerId);
    }
  }

  const rows = [...byCounty].map(([countyCode, tally]) => ({ ...countyNames(countyCode), ...counts(tally) }));
  rows.sort((a, b) => b.gmvFen - a.gmvFen || compareStrings(a.countyCode, b.countyCode));
  return { date, timezone: REPORT_TIMEZONE, generatedAt, rows, totals: counts(total) };
}

/**
 * One copy per orderId. An order's amounts, seller and paidAt never
 * change, only its status; CANCELLED is terminal, so a copy saying CANCELLED
 * wins over any other copy whatever the delivery order.
 */
export function oneCopyPerOrder(orders: Iterable<ReportOrder>): Iterable<ReportOrder> {
  const byId = new Map<string, ReportOrder>();
  for (const order of orders) {
    const seen = byId.get(order.orderId);
    if (!seen || (order.status === 'CANCELLED' && seen.status !== 'CANCELLED')) byId.set(order.orderId, order);
  }
  return byId.values();
}

function assertIntegerAmounts(order: ReportOrder): void {
  const amounts = [order.totalFen, ...order.items.map((item) => item.quantity)];
  if (!amounts.every((amount) => Number.isSafeInteger(amount) && amount >= 0)) {
    throw new RangeError(`Order ${order.orderId}: totalFen and quantities must be non-negative integers`);
  }
}

/** The orders a day's report counts: one copy per orderId, paid (not cancelled), paid on `date` (Asia/Shanghai). */
export function* countedOrdersOfDay(orders: Iterable<ReportOrder>, date: string): Iterable<ReportOrder> {
  for (const order of oneCopyPerOrder(orders)) {
    if (!COUNTED.has(order.status) || shanghaiDay(order.paidAt) !== date) continue;
    assertIntegerAmounts(order);
    yield order;
  }
}

export function countUnits(order: ReportOrder): number {
  return order.items.reduce((sum, item) => sum + item.quantity, 0);
}

export function countyNames(countyCode: string): Omit<CountySalesRow, keyof CountySalesTotals> {
  const county = findCounty(countyCode);
  if (county) {
    const { provinceCode, provinceName, countyName } = county;
    return { countyCode, countyName, provinceCode, provinceName };
  }
  const provinceCode = countyCode.slice(0, 2);
  return {
    countyCode,
    countyName: `${UNKNOWN_NAME}区县 ${countyCode}`,
    provinceCode,
    provinceName: findProvince(provinceCode)?.provinceName ?? UNKNOWN_NAME,
  };
}

function emptyTally(): Tally {
  return { orders: 0, units: 0, gmvFen: 0, buyers: new Set(), sellers: new Set() };
}

function counts(tally: Tally): CountySalesTotals {
  const { orders, units, gmvFen } = tally;
  return { orders, units, gmvFen, buyers: tally.buyers.size, sellers: tally.sellers.size };
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
