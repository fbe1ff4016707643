import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { documentClient } from '../../core/aws/dynamodb';
import { ORDER_STATUSES } from '../../orders/domain/order';
import { DAY_INDEX_SHARDS, dayIndexPk } from '../../orders/model';
import type { ReportOrder } from '../domain/aggregate';
import { DAY_INDEX_NAME } from '../model';
import type { DayOrders, DayOrdersRead } from '../use-cases/ports';

// The attributes gsi3 projects (lib/topology.ts); nothing else is fetched.
const dayIndexItem = z.object({
  orderId: z.string().min(1),
  buyerId: z.string().min(1),
  sellerId: z.string().min(1),
  sellerCountyCode: z.string().regex(/^\d{6}$/),
  status: z.enum(ORDER_STATUSES),
  totalFen: z.number().int().nonnegative(),
  unitCount: z.number().int().nonnegative(),
  createdAt: z.string(),
  paidAt: z.string(),
});
export const PROJECTED = Object.keys(dayIndexItem.shape);

export function toReportOrder(item: Record<string, unknown>): ReportOrder {
  const { unitCount, createdAt: _createdAt, ...order } = dayIndexItem.parse(item);
  // The index carries the order's unit count, not its lines: one line of that many units sums the same.
  return { ...order, items: [{ quantity: unitCount }] };
}

export interface DayIndexOptions {
  tableName: string;
  client?: DynamoDBDocumentClient;
  shards?: number;
}

/**
 * Reads one day from the sharded day index: one paginated Query per shard, all shards in parallel.
 * The cost follows that day's orders only, never the table's size (no Scan).
 */
export function createDayIndexReader(options: DayIndexOptions): DayOrders {
  const client = options.client ?? documentClient;
  const shards = options.shards ?? DAY_INDEX_SHARDS;

  async function readShard(date: string, shard: number): Promise<DayOrdersRead> {
    const read: DayOrdersRead = { orders: [], itemsRead: 0, readUnits: undefined };
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await client.send(
        new QueryCommand({
          TableName: options.tableName,
          IndexName: DAY_INDEX_NAME,
          KeyConditionExpression: '#pk = :pk',
          ProjectionExpression: PROJECTED.map((_, i) => `#a${i}`).join(', '),
          ExpressionAttributeNames: { '#pk': 'gsi3pk', ...Object.fromEntries(PROJECTED.map((name, i) => [`#a${i}`, name])) },
          ExpressionAttributeValues: { ':pk': dayIndexPk(date, shard) },
          ExclusiveStartKey: startKey,
          ReturnConsumedCapacity: 'TOTAL',
        }),
      );
      for (const item of page.Items ?? []) read.orders.push(toReportOrder(item));
      read.itemsRead += page.Count ?? 0;
      const units = page.ConsumedCapacity?.CapacityUnits;
      if (units !== undefined) read.readUnits = (read.readUnits ?? 0) + units;
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return read;
  }

  return {
    async ordersOfDay(date) {
      const perShard = await Promise.all(Array.from({ length: shards }, (_, shard) => readShard(date, shard)));
      const readUnits = perShard.some((shard) => shard.readUnits !== undefined)
        ? perShard.reduce((sum, shard) => sum + (shard.readUnits ?? 0), 0)
        : undefined;
      return {
        orders: perShard.flatMap((shard) => shard.orders),
        itemsRead: perShard.reduce((sum, shard) => sum + shard.itemsRead, 0),
        readUnits,
      };
    },
  };
}
