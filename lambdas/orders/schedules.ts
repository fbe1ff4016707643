/**
 * The order lifecycle's schedules, declared once: CDK builds an EventBridge Scheduler schedule and a
 * function for each, and the local runtime fires the same handlers on demand (local/wiring/order-schedules.ts).
 * Each run receives `{ scheduledTime }` (lambdas/reports/schedule.ts `schedulerInputTemplate`) and
 * works as of that instant, so a retried run decides as the original would have.
 */
export interface OrderSchedule {
  readonly id: string;
  readonly entry: string;
  readonly description: string;
  readonly expression: string;
  readonly timeZone: string;
  readonly memoryMb: number;
  readonly timeoutSeconds: number;
  /** The local control route that runs it now, or as if at `{ at }`. */
  readonly localPath: string;
}

/**
 * Expiry: a sweep every minute over the sparse timer index of PENDING_PAYMENT orders (due at payBy),
 * rather than one Scheduler schedule per order: no schedule to create on the order path (a flash sale
 * places thousands a second) or to delete when the order is paid, and the provider query that must
 * precede every expiry is retried by the next run when the provider is down. An order is expired at
 * most one run (60 s) plus the run's own time after payBy: well within the 2 minutes promised.
 */
export const orderExpirySchedule = {
  id: 'orderExpiry',
  entry: 'lambdas/orders/handlers/expire-orders.ts',
  description: 'Expires unpaid orders past payBy (after asking the payment provider) and returns their stock',
  expression: 'rate(1 minute)',
  timeZone: 'Asia/Shanghai',
  memoryMb: 512,
  // Below the rate: runs do not pile up; a backlog drains over consecutive runs (SWEEP_LIMIT_PER_SHARD).
  timeoutSeconds: 50,
  localPath: '/_local/schedules/order-expiry',
} as const satisfies OrderSchedule;

/** Orders SHIPPED for 10 days become DELIVERED: daily, over the timer index of SHIPPED orders. */
export const autoDeliverySchedule = {
  id: 'orderAutoDelivery',
  entry: 'lambdas/orders/handlers/auto-deliver.ts',
  description: 'Marks orders shipped for 10 days as DELIVERED',
  expression: 'cron(30 3 * * ? *)',
  timeZone: 'Asia/Shanghai',
  memoryMb: 256,
  timeoutSeconds: 300,
  localPath: '/_local/schedules/auto-delivery',
} as const satisfies OrderSchedule;

/** Every 5 minutes: PAID orders not FULFILMENT_REQUESTED 15 minutes after payment (metric + alarm). */
export const fulfilmentLagSchedule = {
  id: 'fulfilmentLagCheck',
  entry: 'lambdas/orders/handlers/fulfilment-lag.ts',
  description: 'Counts paid orders that have not reached fulfilment within 15 minutes',
  expression: 'rate(5 minutes)',
  timeZone: 'Asia/Shanghai',
  memoryMb: 256,
  timeoutSeconds: 60,
  localPath: '/_local/schedules/fulfilment-lag',
} as const satisfies OrderSchedule;

export const orderSchedules = [orderExpirySchedule, autoDeliverySchedule, fulfilmentLagSchedule] as const;

/** The metric the fulfilment lag check publishes and its alarm watches. */
export const FULFILMENT_LAG_METRIC = 'PaidOrdersAwaitingFulfilment';
