import { DeleteCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { FLASH_SHARD_RETENTION_SECONDS } from '../domain/pins';
import { currentPinKey, type PinItem } from '../model';
import { flashStockShardKey, splitStock, type StockShardItem } from '../stock-shards';
import { batchGet, catalogTable, db } from './table';

/** The pin replaces the current one; a flash pin's units are written to their shards in the same transaction. */
export async function savePin(pin: PinItem): Promise<void> {
  const expiresAt = Math.ceil(Date.parse(pin.endsAt) / 1000) + FLASH_SHARD_RETENTION_SECONDS;
  const shards = pin.flashStock === null ? [] : splitStock(pin.flashStock, pin.flashStockShards);
  await db.send(
    new TransactWriteCommand({
      TransactItems: [
        { Put: { TableName: catalogTable, Item: { ...currentPinKey(pin.sellerId), ...pin } } },
        ...shards.map((available, shard) => {
          const item: StockShardItem = { ...flashStockShardKey(pin.pinId, shard), pinId: pin.pinId, shard, available, expiresAt };
          return { Put: { TableName: catalogTable, Item: item, ConditionExpression: 'attribute_not_exists(pk)' } };
        }),
      ],
    }),
  );
}

export async function deleteCurrentPin(sellerId: string): Promise<PinItem | undefined> {
  const { Attributes } = await db.send(new DeleteCommand({ TableName: catalogTable, Key: currentPinKey(sellerId), ReturnValues: 'ALL_OLD' }));
  return Attributes as PinItem | undefined;
}

export async function currentPins(sellerIds: readonly string[]): Promise<Map<string, PinItem>> {
  const pins = (await batchGet(sellerIds.map(currentPinKey))) as unknown as PinItem[];
  return new Map(pins.map((pin) => [pin.sellerId, pin]));
}
