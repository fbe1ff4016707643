import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { itemDecoder } from '../../core/item-decoder';
import { countyLiveKey, liveCountyPartition, liveIndexKeys, LIVE_ALL_PARTITION, sellerLiveKey, type LiveStatusItem } from '../model';
import { queryPage, type Page } from './paging';
import { catalogTable, db, isConditionalFailure } from './table';

export const decodeLiveStatus = itemDecoder(
  'live status',
  z.object({
    live: z.boolean(),
    channelArn: z.string(),
    stateVersion: z.string(),
    streamId: z.string().nullable(),
    startedAt: z.string().nullable(),
    updatedAt: z.string(),
    sellerId: z.string().optional(),
    countyCode: z.string().optional(),
    displayName: z.string().optional(),
    playbackUrl: z.string().optional(),
    broadcastId: z.string().optional(),
    broadcastStartedAt: z.string().optional(),
    lastEndedAt: z.string().optional(),
    announcedBroadcastId: z.string().optional(),
  }) satisfies z.ZodType<LiveStatusItem>,
);

export type Broadcaster = { kind: 'seller'; sellerId: string } | { kind: 'county'; countyCode: string };

const keyFor = (broadcaster: Broadcaster) =>
  broadcaster.kind === 'seller' ? sellerLiveKey(broadcaster.sellerId) : countyLiveKey(broadcaster.countyCode);

export async function getLiveStatus(broadcaster: Broadcaster): Promise<LiveStatusItem | undefined> {
  // Consistent: the broadcast fields are carried from this read into the next versioned put.
  const { Item } = await db.send(new GetCommand({ TableName: catalogTable, Key: keyFor(broadcaster), ConsistentRead: true }));
  return Item ? decodeLiveStatus(Item) : undefined;
}

/**
 * Writes the status only if its version is newer than the stored one (a conditional put, so two
 * deliveries racing each other cannot both win) and, when `readVersion` is given, only if the stored
 * item is still the one read (its broadcast fields were carried over from that read; undefined: none
 * was stored). A live seller is put in the sparse live indexes; an offline put leaves them out.
 */
export async function writeLiveStatus(broadcaster: Broadcaster, status: LiveStatusItem, readVersion?: string | null): Promise<'written' | 'stale'> {
  const indexKeys =
    broadcaster.kind === 'seller' && status.live && status.startedAt && status.countyCode
      ? liveIndexKeys(status.countyCode, status.startedAt, broadcaster.sellerId)
      : {};
  try {
    await db.send(
      new PutCommand({
        TableName: catalogTable,
        Item: { ...keyFor(broadcaster), ...status, ...indexKeys },
        ...(readVersion === undefined
          ? { ConditionExpression: 'attribute_not_exists(pk) OR stateVersion < :version', ExpressionAttributeValues: { ':version': status.stateVersion } }
          : readVersion === null
            ? { ConditionExpression: 'attribute_not_exists(pk)' }
            : {
                ConditionExpression: 'stateVersion < :version AND stateVersion = :read',
                ExpressionAttributeValues: { ':version': status.stateVersion, ':read': readVersion },
              }),
      }),
    );
    return 'written';
  } catch (error) {
    if (isConditionalFailure(error)) return 'stale';
    throw error;
  }
}

/** Records that the broadcast's go-live was published and fanned out (only while it is still the current broadcast). */
export async function markAnnounced(broadcaster: Broadcaster, broadcastId: string): Promise<void> {
  try {
    await db.send(
      new UpdateCommand({
        TableName: catalogTable,
        Key: keyFor(broadcaster),
        UpdateExpression: 'SET announcedBroadcastId = :id',
        ConditionExpression: 'broadcastId = :id',
        ExpressionAttributeValues: { ':id': broadcastId },
      }),
    );
  } catch (error) {
    if (!isConditionalFailure(error)) throw error;
  }
}

/** Who is live, from the sparse live indexes (never a Scan): all, or one county. */
export function listLive(options: { countyCode?: string | undefined; limit: number; cursor?: string | undefined }): Promise<Page<LiveStatusItem>> {
  const [index, partition] = options.countyCode ? ['gsi2', liveCountyPartition(options.countyCode)] : ['gsi1', LIVE_ALL_PARTITION];
  return queryPage(
    {
      TableName: catalogTable,
      IndexName: index,
      KeyConditionExpression: `${index}pk = :pk`,
      ExpressionAttributeValues: { ':pk': partition },
      ScanIndexForward: false,
    },
    {
      limit: options.limit,
      cursor: options.cursor,
      scope: { [`${index}pk`]: partition },
      keyAttributes: ['pk', 'sk', `${index}pk`, `${index}sk`],
      decode: decodeLiveStatus,
    },
  );
}
