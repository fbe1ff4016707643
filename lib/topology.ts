/**
 * The single declaration of village-live's stateful topology: tables, indexes, streams, queues and
 * buckets. The CDK stacks and the local runtime both build from it, so a key schema is typed once.
 * Pure data: no CDK or SDK import, safe to load anywhere.
 */

export interface IndexDeclaration {
  readonly name: string;
  readonly partitionKey: string;
  readonly sortKey: string;
  /** 'ALL', or the non-key attributes to project (keys are always projected). */
  readonly projection: 'ALL' | readonly string[];
}

export interface TableDeclaration {
  /** Environment variable through which functions receive the table name. */
  readonly envName: string;
  /** Table name in the local runtime; deployed tables get CloudFormation-generated names. */
  readonly localName: string;
  readonly partitionKey: string;
  readonly sortKey: string;
  readonly indexes: readonly IndexDeclaration[];
  readonly stream?: 'NEW_AND_OLD_IMAGES' | 'NEW_IMAGE';
  readonly ttlAttribute?: string;
}

export interface QueueDeclaration {
  readonly envName: string;
  readonly localName: string;
  readonly visibilityTimeoutSeconds: number;
  readonly retentionDays: number;
  /** Set on a source queue: failed receives beyond this move the message to `deadLetterQueue`. */
  readonly deadLetter?: { readonly queue: QueueName; readonly maxReceiveCount: number };
}

export interface BucketDeclaration {
  readonly envName: string;
  readonly localName: string;
}

export const tables = {
  catalog: {
    envName: 'CATALOG_TABLE',
    localName: 'village-live-catalog',
    partitionKey: 'pk',
    sortKey: 'sk',
    ttlAttribute: 'expiresAt',
    indexes: [
      { name: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk', projection: 'ALL' },
      { name: 'gsi2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk', projection: 'ALL' },
    ],
  },
  orders: {
    envName: 'ORDERS_TABLE',
    localName: 'village-live-orders',
    partitionKey: 'pk',
    sortKey: 'sk',
    ttlAttribute: 'expiresAt',
    stream: 'NEW_AND_OLD_IMAGES',
    indexes: [
      { name: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk', projection: 'ALL' },
      { name: 'gsi2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk', projection: 'ALL' },
      {
        // Day index for reports: paid orders only (written by the PAID transition), by the Asia/Shanghai
        // day of paidAt, sharded so one busy day never funnels into one partition.
        name: 'gsi3',
        partitionKey: 'gsi3pk',
        sortKey: 'gsi3sk',
        projection: ['orderId', 'buyerId', 'sellerId', 'sellerCountyCode', 'status', 'totalFen', 'unitCount', 'createdAt', 'paidAt'],
      },
      {
        // Timers of the scheduled sweeps (expiry, fulfilment lag, automatic delivery): sparse, present only
        // while the order waits on that deadline, sharded per kind and sorted by due time. Never a Scan.
        name: 'gsi4',
        partitionKey: 'gsi4pk',
        sortKey: 'gsi4sk',
        projection: ['orderId'],
      },
    ],
  },
  /**
   * Live commerce (lambdas/live/model.ts): follows in both directions, go-live notifications (TTL) and
   * replays. Its own table, not the catalog's: notifications grow with followers × broadcasts, arrive
   * in bursts of BatchWriteItem at fan-out time and expire by TTL; kept apart, a fan-out never shares
   * throughput, backups or PITR cost with stock and pins.
   */
  live: {
    envName: 'LIVE_TABLE',
    localName: 'village-live-live',
    partitionKey: 'pk',
    sortKey: 'sk',
    ttlAttribute: 'expiresAt',
    indexes: [],
  },
  /**
   * Report aggregates (lambdas/reports/model.ts): per seller and day, and per county and day with its
   * distinct buyers and sellers. Written by the daily report run, read by the monthly run. Its own
   * table rather than the orders table: the orders stream feeds the outbox and refund Pipes, which
   * would see every aggregate write, and aggregates need no stream, index or TTL; rather than the
   * live table: different owner, throughput and backup needs.
   */
  reports: {
    envName: 'REPORTS_TABLE',
    localName: 'village-live-reports',
    partitionKey: 'pk',
    sortKey: 'sk',
    indexes: [],
  },
} as const satisfies Record<string, TableDeclaration>;

export type TableName = keyof typeof tables;

export const queues = {
  /**
   * Paid orders for fulfilment: the "paid orders" topic's subscription (raw delivery, so the message is
   * the outbox Pipe's, unchanged).
   */
  fulfilment: {
    envName: 'FULFILMENT_QUEUE_URL',
    localName: 'village-live-fulfilment',
    visibilityTimeoutSeconds: 60,
    retentionDays: 4,
    deadLetter: { queue: 'fulfilmentDlq', maxReceiveCount: 5 },
  },
  fulfilmentDlq: {
    envName: 'FULFILMENT_DLQ_URL',
    localName: 'village-live-fulfilment-dlq',
    visibilityTimeoutSeconds: 60,
    retentionDays: 14,
  },
  /**
   * The outbox Pipe's dead-letter queue: descriptions of stream batches that could not reach the
   * fulfilment queue (lambdas/orders/outbox.ts, outboxRetryPolicy). Created by the app stack beside the
   * Pipe, so that the Pipe needs no export from the data stack for it.
   */
  outboxDlq: {
    envName: 'OUTBOX_DLQ_URL',
    localName: 'village-live-outbox-dlq',
    visibilityTimeoutSeconds: 60,
    retentionDays: 14,
  },
  /** The refund Pipe's dead-letter queue (like outboxDlq: created by the app stack beside its Pipe). */
  refundPipeDlq: {
    envName: 'REFUND_PIPE_DLQ_URL',
    localName: 'village-live-refund-pipe-dlq',
    visibilityTimeoutSeconds: 60,
    retentionDays: 14,
  },
  /** Go-live fan-out: one message per page of a seller's followers (lambdas/live/domain/fanout.ts). */
  liveFanout: {
    envName: 'LIVE_FANOUT_QUEUE_URL',
    localName: 'village-live-live-fanout',
    visibilityTimeoutSeconds: 120,
    retentionDays: 1,
    deadLetter: { queue: 'liveFanoutDlq', maxReceiveCount: 5 },
  },
  liveFanoutDlq: {
    envName: 'LIVE_FANOUT_DLQ_URL',
    localName: 'village-live-live-fanout-dlq',
    visibilityTimeoutSeconds: 120,
    retentionDays: 14,
  },
  /** Refunds to make (from the orders stream: an order whose refund became PENDING); retried until the provider confirms. */
  refund: {
    envName: 'REFUND_QUEUE_URL',
    localName: 'village-live-refund',
    visibilityTimeoutSeconds: 60,
    retentionDays: 14,
    deadLetter: { queue: 'refundDlq', maxReceiveCount: 10 },
  },
  refundDlq: {
    envName: 'REFUND_DLQ_URL',
    localName: 'village-live-refund-dlq',
    visibilityTimeoutSeconds: 60,
    retentionDays: 14,
  },
  /**
   * The sales ticker (lambdas/live/domain/ticker.ts): paid orders from the "paid orders" topic and its
   * own delayed flushes. Six times the worker's 30 s timeout; a day's retention, as long as the order
   * markers that make redelivery harmless.
   */
  ticker: {
    envName: 'TICKER_QUEUE_URL',
    localName: 'village-live-ticker',
    visibilityTimeoutSeconds: 180,
    retentionDays: 1,
    deadLetter: { queue: 'tickerDlq', maxReceiveCount: 5 },
  },
  tickerDlq: {
    envName: 'TICKER_DLQ_URL',
    localName: 'village-live-ticker-dlq',
    visibilityTimeoutSeconds: 180,
    retentionDays: 14,
  },
  /** Where the "paid orders" topic puts a message it could not deliver to a subscribed queue (subscription redrive policy). */
  paidOrdersDeliveryDlq: {
    envName: 'PAID_ORDERS_DELIVERY_DLQ_URL',
    localName: 'village-live-paid-orders-delivery-dlq',
    visibilityTimeoutSeconds: 60,
    retentionDays: 14,
  },
} as const satisfies Record<string, QueueDeclaration>;

/** The queues of the data stack (DataStack.queues); the outbox DLQ lives in the app stack. */
export type QueueName = 'fulfilment' | 'fulfilmentDlq' | 'refund' | 'refundDlq' | 'liveFanout' | 'liveFanoutDlq' | 'ticker' | 'tickerDlq' | 'paidOrdersDeliveryDlq';

export interface TopicDeclaration {
  /** Environment variable through which the local wiring receives the topic ARN. */
  readonly envName: string;
  readonly localName: string;
  /** SQS subscriptions, all with raw message delivery; a message SNS cannot deliver goes to `deliveryDeadLetter`. */
  readonly subscriptions: readonly QueueName[];
  readonly deliveryDeadLetter: QueueName;
}

/**
 * SNS topics. "paid orders": the outbox Pipe's target (one message per newly PAID order), fanned out to
 * fulfilment and the sales ticker, so the orders stream keeps two readers (the outbox and refund Pipes):
 * DynamoDB Streams throttles beyond two per shard.
 */
export const topics = {
  paidOrders: {
    envName: 'PAID_ORDERS_TOPIC_ARN',
    localName: 'village-live-paid-orders',
    subscriptions: ['fulfilment', 'ticker'],
    deliveryDeadLetter: 'paidOrdersDeliveryDlq',
  },
} as const satisfies Record<string, TopicDeclaration>;

export type TopicName = keyof typeof topics;

export const buckets = {
  reports: { envName: 'REPORTS_BUCKET', localName: 'village-live-reports' },
} as const satisfies Record<string, BucketDeclaration>;

export type BucketName = keyof typeof buckets;
