import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { itemDecoder } from '../../core/item-decoder';
import { cancellationCodes, isConditionalFailure } from '../../catalog/store/table';
import { MARKER_TTL_SECONDS, shardOf, type Accumulator, type TickerChunk } from '../domain/ticker';
import {
  SELLING_ROOM_SHARDS,
  SELLING_ROOM_TTL_SECONDS,
  TICKER_PENDING_PREFIX,
  sellingRoomsPartition,
  tickedKey,
  tickerPartition,
  tickerPendingKey,
  tickerSlotKey,
} from '../model';
import { db, liveTable } from './table';

/**
 * The ticker's items in the live table (lambdas/live/model.ts): order markers, pending-count shards,
 * the room's send slot and the selling-room markers. Every count moves by ADD under a condition, so
 * concurrent invocations never lose or double an order.
 */

const latest = z.object({
  orderId: z.string().min(1),
  buyer: z.string(),
  productId: z.string().min(1),
  quantity: z.number().int().min(1),
  stockShards: z.number().int().min(1),
  paidAt: z.string(),
});
const decodeAccumulator = itemDecoder('ticker shard', z.object({ sk: z.string(), count: z.number().int(), latest: latest.optional() }));

export type ApplyOutcome = { kind: 'applied' } | { kind: 'duplicates'; orderIds: string[] };

/**
 * One transaction: a marker per order (attribute_not_exists) and one ADD of the chunk's size to its
 * accumulator shard. When a marker exists (the order was counted by an earlier delivery), DynamoDB
 * cancels the whole transaction and names the items: those orders are returned, to be dropped.
 */
export async function applyChunk(chunk: TickerChunk, nowMs: number): Promise<ApplyOutcome> {
  const expiresAt = Math.floor(nowMs / 1000) + MARKER_TTL_SECONDS;
  try {
    await db.send(
      new TransactWriteCommand({
        TransactItems: [
          ...chunk.orders.map((order) => ({
            Put: {
              TableName: liveTable,
              Item: { ...tickedKey(order.orderId), sellerId: chunk.sellerId, expiresAt },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          })),
          {
            Update: {
              TableName: liveTable,
              Key: tickerPendingKey(chunk.sellerId, chunk.shard),
              UpdateExpression: 'ADD #count :n SET #latest = :latest',
              ExpressionAttributeNames: { '#count': 'count', '#latest': 'latest' },
              ExpressionAttributeValues: { ':n': chunk.orders.length, ':latest': chunk.latest },
            },
          },
        ],
      }),
    );
    return { kind: 'applied' };
  } catch (error) {
    const codes = cancellationCodes(error);
    if (!codes) throw error;
    const orderIds = chunk.orders.filter((_, index) => codes[index] === 'ConditionalCheckFailed').map((order) => order.orderId);
    // Cancelled for another reason (a conflict with a concurrent transaction, throttling): retried by the caller.
    if (orderIds.length === 0) throw error;
    return { kind: 'duplicates', orderIds };
  }
}

/**
 * The room's send slot: won by exactly one caller per interval (nextSendAt ≤ now, then set to now +
 * interval). Also records which minute the room last sent in, so that the caller marks the room as
 * selling once per minute only.
 */
export async function claimSlot(
  sellerId: string,
  nowMs: number,
  intervalMs: number,
  minute: string,
): Promise<{ won: false } | { won: true; firstThisMinute: boolean; nextSendAt: number }> {
  try {
    const { Attributes } = await db.send(
      new UpdateCommand({
        TableName: liveTable,
        Key: tickerSlotKey(sellerId),
        UpdateExpression: 'SET nextSendAt = :next, sentMinute = :minute',
        ConditionExpression: 'attribute_not_exists(nextSendAt) OR nextSendAt <= :now',
        ExpressionAttributeValues: { ':now': nowMs, ':next': nowMs + intervalMs, ':minute': minute },
        ReturnValues: 'ALL_OLD',
      }),
    );
    return { won: true, firstThisMinute: Attributes?.['sentMinute'] !== minute, nextSendAt: nowMs + intervalMs };
  } catch (error) {
    if (isConditionalFailure(error)) return { won: false };
    throw error;
  }
}

/**
 * Right before its SendEvent, the winner confirms the slot is still its own (nobody claimed it since:
 * `nextSendAt` is still what it set) and moves it to `interval` after the send itself. A slow winner
 * whose claim lapsed fails here and sends nothing, so two events never come closer than the interval.
 */
export async function confirmSlot(sellerId: string, claimedNextSendAtMs: number, nextSendAtMs: number): Promise<boolean> {
  try {
    await db.send(
      new UpdateCommand({
        TableName: liveTable,
        Key: tickerSlotKey(sellerId),
        UpdateExpression: 'SET nextSendAt = :next',
        ConditionExpression: 'nextSendAt = :claimed',
        ExpressionAttributeValues: { ':next': nextSendAtMs, ':claimed': claimedNextSendAtMs },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionalFailure(error)) return false;
    throw error;
  }
}

/** When the room's slot opens next (epoch ms; 0 when it never sent). */
export async function nextSendAt(sellerId: string): Promise<number> {
  const { Item } = await db.send(new GetCommand({ TableName: liveTable, Key: tickerSlotKey(sellerId), ConsistentRead: true }));
  const value = Item?.['nextSendAt'];
  return typeof value === 'number' ? value : 0;
}

/**
 * Schedules the room's next flush unless one is already due: only the caller whose conditional write
 * lands sends the delayed message, so a busy room has one flush in flight, not one per invocation.
 * A flush handler passes the time it was scheduled for (its token) to schedule the next one.
 */
export async function claimFlush(sellerId: string, nowMs: number, dueAtMs: number, token?: number): Promise<boolean> {
  try {
    await db.send(
      new UpdateCommand({
        TableName: liveTable,
        Key: tickerSlotKey(sellerId),
        UpdateExpression: 'SET flushDueAt = :due',
        ConditionExpression: 'attribute_not_exists(flushDueAt) OR flushDueAt <= :now OR flushDueAt = :token',
        ExpressionAttributeValues: { ':now': nowMs, ':due': dueAtMs, ':token': token ?? -1 },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionalFailure(error)) return false;
    throw error;
  }
}

/** The room's accumulator shards (one partition, one strongly consistent Query). */
export async function readAccumulators(sellerId: string): Promise<Accumulator[]> {
  const { Items } = await db.send(
    new QueryCommand({
      TableName: liveTable,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': tickerPartition(sellerId), ':prefix': TICKER_PENDING_PREFIX },
      ConsistentRead: true,
    }),
  );
  return (Items ?? []).map(decodeAccumulator).map(({ sk, count, latest: last }) => ({ shard: Number(sk.slice(TICKER_PENDING_PREFIX.length)), count, latest: last }));
}

/**
 * Takes `count` from a shard: a conditional ADD of the negative, so a count never goes below zero even
 * if two senders overlap. Returns whether it was taken (if not, nothing changed and nothing is sent for it).
 */
export async function takeFromShard(sellerId: string, shard: number, count: number): Promise<boolean> {
  try {
    await db.send(
      new UpdateCommand({
        TableName: liveTable,
        Key: tickerPendingKey(sellerId, shard),
        UpdateExpression: 'ADD #count :negative',
        ConditionExpression: '#count >= :count',
        ExpressionAttributeNames: { '#count': 'count' },
        ExpressionAttributeValues: { ':negative': -count, ':count': count },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionalFailure(error)) return false;
    throw error;
  }
}

/** Gives counts back to a shard (a send that failed): they go out with the next event. */
export async function returnToShard(sellerId: string, shard: number, count: number): Promise<void> {
  await db.send(
    new UpdateCommand({
      TableName: liveTable,
      Key: tickerPendingKey(sellerId, shard),
      UpdateExpression: 'ADD #count :count',
      ExpressionAttributeNames: { '#count': 'count' },
      ExpressionAttributeValues: { ':count': count },
    }),
  );
}

/** Marks the room as one that sent during `minute` (idempotent; one write per room per minute). */
export async function markSellingRoom(sellerId: string, minute: string, nowMs: number): Promise<void> {
  await db.send(
    new PutCommand({
      TableName: liveTable,
      Item: { pk: sellingRoomsPartition(minute, shardOf(sellerId, SELLING_ROOM_SHARDS)), sk: sellerId, expiresAt: Math.floor(nowMs / 1000) + SELLING_ROOM_TTL_SECONDS },
    }),
  );
}

/** How many rooms sent during `minute`: COUNT queries over its shards. */
export async function countSellingRooms(minute: string): Promise<number> {
  const counts = await Promise.all(
    Array.from({ length: SELLING_ROOM_SHARDS }, async (_, shard) => {
      let total = 0;
      let start: Record<string, unknown> | undefined;
      do {
        const page = await db.send(
          new QueryCommand({ TableName: liveTable, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': sellingRoomsPartition(minute, shard) }, Select: 'COUNT', ExclusiveStartKey: start }),
        );
        total += page.Count ?? 0;
        start = page.LastEvaluatedKey;
      } while (start);
      return total;
    }),
  );
  return counts.reduce((a, b) => a + b, 0);
}
