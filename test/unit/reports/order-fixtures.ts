import type { ReportOrder } from '../../../lambdas/reports/domain/aggregate';

let sequence = 0;

/** A delivered 曹县 order created at noon Shanghai time on 2026-11-27, unless overridden. */
export function anOrder(overrides: Partial<ReportOrder> = {}): ReportOrder {
  sequence += 1;
  return {
    orderId: `order-${sequence}`,
    buyerId: 'buyer-1',
    sellerId: 'seller-1',
    sellerCountyCode: '371721',
    status: 'DELIVERED',
    totalFen: 1000,
    items: [{ quantity: 1 }],
    paidAt: '2026-11-27T04:00:00.000Z',
    ...overrides,
  };
}
