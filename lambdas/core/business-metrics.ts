/**
 * The EMF metrics (Powertools) that the dashboard and alarms read, named once. Functions emit them with
 * `metrics.addMetric(businessMetrics.ordersPaid, MetricUnit.Count, 1)`; CDK reads them through the same
 * namespace and `service` dimension (lambdas/core/observability.ts).
 */
export const METRICS_NAMESPACE = 'VillageLive';
/** Powertools' `service` dimension: the application's, so a metric is one series across functions. */
export const METRICS_SERVICE = 'village-live';

export const businessMetrics = {
  /** One per order placed (place-order route; not for an idempotent replay). */
  ordersPlaced: 'OrdersPlaced',
  /** One per order that reaches PAID (the notify route; the expiry sweep when the provider query finds the money). */
  ordersPaid: 'OrdersPaid',
  /** Gross merchandise value in fen: the order's totalFen, emitted with OrdersPaid by the notify route. */
  gmvFen: 'GmvFen',
  /** Emitted by the fulfilment worker. */
  fulfilmentRequested: 'FulfilmentRequested',
  /** Emitted by the scheduled county report run. */
  countySalesReportsGenerated: 'CountySalesReportsGenerated',
} as const;
