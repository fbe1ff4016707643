import { countedOrdersOfDay, countUnits, type ReportOrder } from './aggregate';
import type { SellerDayAggregate } from './villages';

/** One seller's sales on one day, with the county the day index gives it. */
export interface SellerDay extends SellerDayAggregate {
  countyCode: string;
}

/** One county's sales on one day, with its distinct buyer and seller ids (what a month's distinct counts need). */
export interface CountyDay {
  countyCode: string;
  day: string;
  orders: number;
  units: number;
  gmvFen: number;
  buyerIds: string[];
  sellerIds: string[];
}

export interface DayAggregates {
  day: string;
  counties: CountyDay[];
  sellers: SellerDay[];
}

/**
 * The exact aggregates of one Asia/Shanghai day of payment, from that day's orders as they are now:
 * the same orders the day's report counts (one copy per order, paid, not cancelled, paid that day).
 */
export function dayAggregates(orders: Iterable<ReportOrder>, day: string): DayAggregates {
  const sellers = new Map<string, SellerDay>();
  const counties = new Map<string, { orders: number; units: number; gmvFen: number; buyers: Set<string>; sellers: Set<string> }>();
  for (const order of countedOrdersOfDay(orders, day)) {
    const units = countUnits(order);
    const seller = sellers.get(order.sellerId) ?? { sellerId: order.sellerId, countyCode: order.sellerCountyCode, day, orders: 0, units: 0, gmvFen: 0 };
    sellers.set(order.sellerId, { ...seller, orders: seller.orders + 1, units: seller.units + units, gmvFen: seller.gmvFen + order.totalFen });
    let county = counties.get(order.sellerCountyCode);
    if (!county) counties.set(order.sellerCountyCode, (county = { orders: 0, units: 0, gmvFen: 0, buyers: new Set(), sellers: new Set() }));
    county.orders += 1;
    county.units += units;
    county.gmvFen += order.totalFen;
    county.buyers.add(order.buyerId);
    county.sellers.add(order.sellerId);
  }
  return {
    day,
    counties: [...counties].map(([countyCode, c]) => ({
      countyCode,
      day,
      orders: c.orders,
      units: c.units,
      gmvFen: c.gmvFen,
      buyerIds: [...c.buyers].sort(),
      sellerIds: [...c.sellers].sort(),
    })),
    sellers: [...sellers.values()],
  };
}
