import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record as StreamRecord,
} from '@aws-sdk/client-dynamodb-streams';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { inject } from 'vitest';
import type { Order, OrderStatus } from '../../lambdas/orders/domain/order';
import { isOutboxRecord, outboxMessage, type StreamRecordLike } from '../../lambdas/orders/outbox';
import { orderToItem } from '../../lambdas/orders/store/order-store';
import { reportKey, type ReportFileFormat } from '../../lambdas/reports/model';
import { buckets, queues, tables } from '../../lib/topology';
import { api } from '../support/local-api';

/**
 * Report tests seed orders by writing order items with the orders capability's own item builder
 * (lambdas/orders/store/order-store.ts: same keys, same day-index attributes), since the public API
 * cannot place an order on a past day.
 */
const env = inject('localRuntime').env;
const aws = { region: env.AWS_REGION!, credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID!, secretAccessKey: env.AWS_SECRET_ACCESS_KEY! } };
const dynamodb = new DynamoDBClient({ ...aws, endpoint: env.AWS_ENDPOINT_URL_DYNAMODB });
const documents = DynamoDBDocumentClient.from(dynamodb, { marshallOptions: { removeUndefinedValues: true } });
const s3 = new S3Client({ ...aws, endpoint: env.AWS_ENDPOINT_URL_S3, forcePathStyle: true });

export interface OrderSpec {
  orderId: string;
  buyerId: string;
  sellerId: string;
  sellerCountyCode: string;
  createdAt: string;
  totalFen: number;
  units: number;
  status?: OrderStatus;
}

export function anOrder(spec: OrderSpec): Order {
  const status = spec.status ?? 'PAID';
  return {
    orderId: spec.orderId,
    buyerId: spec.buyerId,
    sellerId: spec.sellerId,
    sellerCountyCode: spec.sellerCountyCode,
    status,
    // Lines with no stock takes: cancelling restores nothing, so no catalog item is needed.
    items: [
      {
        productId: `${spec.orderId}-p`,
        title: '曹县芦笋',
        unitPriceFen: spec.totalFen,
        quantity: spec.units,
        lineTotalFen: spec.totalFen,
        pool: { kind: 'REGULAR', id: `${spec.orderId}-p`, shards: 1 },
        takes: [],
      },
    ],
    totalFen: spec.totalFen,
    unitCount: spec.units,
    shippingAddress: { name: '张三', phone: '13800138000', countyCode: '110101', detail: '东城区某街道 1 号' },
    createdAt: spec.createdAt,
    updatedAt: spec.createdAt,
    payBy: new Date(Date.parse(spec.createdAt) + 15 * 60_000).toISOString(),
    // Paid at the instant it was placed: the report day is the day of paidAt.
    paidAt: spec.createdAt,
    history: [{ status: 'PENDING_PAYMENT', at: spec.createdAt }, { status: 'PAID', at: spec.createdAt }, ...(status === 'PAID' ? [] : [{ status, at: spec.createdAt }])],
    version: status === 'PAID' ? 2 : 3,
    idempotencyKey: `${spec.orderId}-key`,
    requestHash: 'seeded-by-test',
  };
}

/** The order as it was placed: unpaid, version 1. */
function asPlaced(order: Order): Order {
  const { paidAt: _paidAt, refund: _refund, shipment: _shipment, ...placed } = order;
  return { ...placed, status: 'PENDING_PAYMENT', history: order.history.slice(0, 1), version: 1 };
}

/**
 * Writes each order as placed, then as it is now: the second write is the MODIFY from PENDING_PAYMENT
 * that the outbox sends on (a paid order reaches the fulfilment queue, as in production).
 */
export async function putOrders(orders: readonly Order[]): Promise<void> {
  await putItems(orders.map(asPlaced));
  await putItems(orders);
}

async function putItems(orders: readonly Order[]): Promise<void> {
  for (let i = 0; i < orders.length; i += 25) {
    const batch = orders.slice(i, i + 25).map((order) => ({ PutRequest: { Item: orderToItem(order) } }));
    let unprocessed: Record<string, any> | undefined = { [tables.orders.localName]: batch };
    while (unprocessed && Object.keys(unprocessed).length) {
      ({ UnprocessedItems: unprocessed } = await documents.send(new BatchWriteCommand({ RequestItems: unprocessed })));
    }
  }
}

export async function storedFile(date: string, format: ReportFileFormat): Promise<string> {
  const object = await s3.send(new GetObjectCommand({ Bucket: buckets.reports.localName, Key: reportKey(date, format) }));
  return object.Body!.transformToString('utf-8');
}

/**
 * Replays, as a Pipe retry would, every outbox record of these orders found on the orders table's
 * stream: the same messages go to the fulfilment queue a second time.
 */
export async function replayOutboxRecords(orderIds: ReadonlySet<string>): Promise<number> {
  const streams = new DynamoDBStreamsClient({ ...aws, endpoint: env.AWS_ENDPOINT_URL_DYNAMODB });
  const sqs = new SQSClient({ ...aws, endpoint: env.AWS_ENDPOINT_URL_SQS });
  try {
    const { Table } = await dynamodb.send(new DescribeTableCommand({ TableName: tables.orders.localName }));
    const { StreamDescription } = await streams.send(new DescribeStreamCommand({ StreamArn: Table!.LatestStreamArn! }));
    const records: StreamRecord[] = [];
    for (const shard of StreamDescription?.Shards ?? []) {
      let { ShardIterator: iterator } = await streams.send(
        new GetShardIteratorCommand({ StreamArn: Table!.LatestStreamArn!, ShardId: shard.ShardId!, ShardIteratorType: 'TRIM_HORIZON' }),
      );
      while (iterator) {
        const page = await streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }));
        records.push(...(page.Records ?? []));
        iterator = page.Records?.length ? page.NextShardIterator : undefined;
      }
    }
    const messages = records
      .filter((record) => isOutboxRecord(record as StreamRecordLike))
      .map((record) => outboxMessage(record as StreamRecordLike))
      .filter((message) => orderIds.has(message.orderId));
    for (let i = 0; i < messages.length; i += 10) {
      const entries = messages.slice(i, i + 10).map((message, index) => ({ Id: String(index), MessageBody: JSON.stringify(message) }));
      await sqs.send(new SendMessageBatchCommand({ QueueUrl: env[queues.fulfilment.envName], Entries: entries }));
    }
    return messages.length;
  } finally {
    streams.destroy();
    sqs.destroy();
  }
}

/** Waits until the fulfilment queue has nothing visible or in flight. */
export async function fulfilmentQueueDrained(timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const { body } = await api<{ fulfilment: { visible: number; inFlight: number } }>('GET', '/_local/queues');
    if (body.fulfilment.visible === 0 && body.fulfilment.inFlight === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('The fulfilment queue did not drain');
}
