import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { businessMetrics } from '../core/business-metrics';
import { metrics } from '../core/observability';
import type { Order } from '../orders/domain/order';

/** An order newly PAID: the business metrics OrdersPaid and GmvFen (flushed by the function's middleware). */
export function recordPaid(order: Pick<Order, 'totalFen'>): void {
  metrics.addMetric(businessMetrics.ordersPaid, MetricUnit.Count, 1);
  metrics.addMetric(businessMetrics.gmvFen, MetricUnit.Count, order.totalFen);
}
