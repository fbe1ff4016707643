import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { FANOUT_PAGE_TTL_SECONDS, fanoutPageKey } from '../model';
import { db, liveTable } from './table';

export async function isPageDone(broadcastId: string, shard: number, after: string | undefined): Promise<boolean> {
  const { Item } = await db.send(new GetCommand({ TableName: liveTable, Key: fanoutPageKey(broadcastId, shard, after), ConsistentRead: true }));
  return Item !== undefined;
}

export async function markPageDone(broadcastId: string, shard: number, after: string | undefined, now = Date.now()): Promise<void> {
  await db.send(
    new PutCommand({
      TableName: liveTable,
      Item: { ...fanoutPageKey(broadcastId, shard, after), doneAt: new Date(now).toISOString(), expiresAt: Math.floor(now / 1000) + FANOUT_PAGE_TTL_SECONDS },
    }),
  );
}
