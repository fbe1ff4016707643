import { GetCommand, QueryCommand, TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { decodePin, decodePinLog } from '../item-decoders';
import { currentPinKey, PIN_LOG_RETENTION_DAYS, pinLogKey, pinLogPartition, productKey, type PinItem, type PinLogItem } from '../model';
import { moveExpression, type ShardWrite } from '../stock-moves';
import { stockShardKey } from '../stock-shards';
import { batchGet, cancellationCodes, catalogTable, db } from './table';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

export async function getCurrentPin(sellerId: string): Promise<PinItem | undefined> {
  const { Item } = await db.send(new GetCommand({ TableName: catalogTable, Key: currentPinKey(sellerId), ConsistentRead: true }));
  return Item ? decodePin(Item) : undefined;
}

export async function currentPins(sellerIds: readonly string[]): Promise<Map<string, PinItem>> {
  const pins = (await batchGet(sellerIds.map(currentPinKey))).map(decodePin);
  return new Map(pins.map((pin) => [pin.sellerId, pin]));
}

export interface PinChange {
  sellerId: string;
  /** The pin this change replaces, as read (the write is conditional on it still being current). */
  current: PinItem | undefined;
  /** The new pin; undefined removes the current one. */
  next: PinItem | undefined;
  /** Set-aside and release of flash units (see domain/pins.ts `pinChangeMoves`). */
  shardWrites: readonly ShardWrite[];
}

export type PinChangeOutcome = 'saved' | 'pin-changed' | 'product-changed' | 'stock-changed' | 'contention';

/**
 * One transaction: the pin item (put or deleted, conditional on the pin that was read), for a new pin
 * a check that its product is still ACTIVE, and every shard write. Units are never set aside without
 * their pin, nor left set aside for a pin that is gone.
 */
export async function changePin(change: PinChange): Promise<PinChangeOutcome> {
  const pinCondition = change.current
    ? { ConditionExpression: 'pinId = :current', ExpressionAttributeValues: { ':current': change.current.pinId } }
    : { ConditionExpression: 'attribute_not_exists(pk)' };
  const items: TransactItem[] = [
    change.next
      ? { Put: { TableName: catalogTable, Item: { ...currentPinKey(change.sellerId), ...change.next }, ...pinCondition } }
      : { Delete: { TableName: catalogTable, Key: currentPinKey(change.sellerId), ...pinCondition } },
  ];
  if (change.next) {
    items.push({
      ConditionCheck: {
        TableName: catalogTable,
        Key: productKey(change.sellerId, change.next.productId),
        ConditionExpression: '#status = :active',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':active': 'ACTIVE' },
      },
    });
  }
  const firstShard = items.length;
  for (const write of change.shardWrites) {
    items.push({ Update: { TableName: catalogTable, Key: stockShardKey(write.productId, write.shard), ...moveExpression(write.move) } });
  }
  // Last, so the cancellation codes above keep their positions; a replay finds the pin here.
  if (change.next && change.next.pinId !== change.current?.pinId) items.push({ Put: { TableName: catalogTable, Item: pinLogItem(change.next) } });
  try {
    await db.send(new TransactWriteCommand({ TransactItems: items }));
    return 'saved';
  } catch (error) {
    const codes = cancellationCodes(error);
    if (!codes) throw error;
    if (codes[0] === 'ConditionalCheckFailed') return 'pin-changed';
    if (change.next && codes[1] === 'ConditionalCheckFailed') return 'product-changed';
    if (codes.slice(firstShard).includes('ConditionalCheckFailed')) return 'stock-changed';
    return 'contention';
  }
}

function pinLogItem(pin: PinItem): Record<string, unknown> {
  const item: PinLogItem = {
    pinId: pin.pinId,
    sellerId: pin.sellerId,
    productId: pin.productId,
    ...(pin.productTitle === undefined ? {} : { productTitle: pin.productTitle }),
    startsAt: pin.startsAt,
    expiresAt: Math.floor(Date.parse(pin.startsAt) / 1000) + PIN_LOG_RETENTION_DAYS * 86_400,
  };
  return { ...pinLogKey(pin.sellerId, pin.startsAt, pin.pinId), ...item };
}

/** The pins a seller made between `from` and `to` (inclusive), oldest first, from the pin log. */
export async function pinsMadeBetween(sellerId: string, from: string, to: string): Promise<PinLogItem[]> {
  const items: PinLogItem[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const result = await db.send(
      new QueryCommand({
        TableName: catalogTable,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
        // `{startsAt}#{pinId}`: '~' sorts after every pin id character, so pins made at `to` are in.
        ExpressionAttributeValues: { ':pk': pinLogPartition(sellerId), ':from': from, ':to': `${to}~` },
        ExclusiveStartKey: startKey,
      }),
    );
    items.push(...(result.Items ?? []).map(decodePinLog));
    startKey = result.LastEvaluatedKey;
  } while (startKey);
  return items;
}
