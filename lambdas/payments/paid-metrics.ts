import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { metrics } from '../core/observability';
import type { Order } from '../orders/domain/order';

/** An order newly PAID: the business metrics OrdersPaid and PaidGmvFen (flushed by the function's middleware). */
export function recordPaid(order: Pick<Order, 'totalFen'>): void {
  metrics.addMetric('OrdersPaid', MetricUnit.Count, 1);
  metrics.addMetric('PaidGmvFen', MetricUnit.Count, order.totalFen);
}
