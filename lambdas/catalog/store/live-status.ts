import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
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
  }) satisfies z.ZodType<LiveStatusItem>,
);

export type Broadcaster = { kind: 'seller'; sellerId: string } | { kind: 'county'; countyCode: string };

const keyFor = (broadcaster: Broadcaster) =>
  broadcaster.kind === 'seller' ? sellerLiveKey(broadcaster.sellerId) : countyLiveKey(broadcaster.countyCode);

export async function getLiveStatus(broadcaster: Broadcaster): Promise<LiveStatusItem | undefined> {
  const { Item } = await db.send(new GetCommand({ TableName: catalogTable, Key: keyFor(broadcaster) }));
  return Item ? decodeLiveStatus(Item) : undefined;
}

/**
 * Writes the status only if its version is newer than the stored one (a conditional put, so two
 * deliveries racing each other cannot both win). A live seller is put in the sparse live indexes;
 * the put of an offline status simply leaves the index attributes out.
 */
export async function writeLiveStatus(broadcaster: Broadcaster, status: LiveStatusItem): Promise<'written' | 'stale'> {
  const indexKeys =
    broadcaster.kind === 'seller' && status.live && status.startedAt && status.countyCode
      ? liveIndexKeys(status.countyCode, status.startedAt, broadcaster.sellerId)
      : {};
  try {
    await db.send(
      new PutCommand({
        TableName: catalogTable,
        Item: { ...keyFor(broadcaster), ...status, ...indexKeys },
        ConditionExpression: 'attribute_not_exists(pk) OR stateVersion < :version',
        ExpressionAttributeValues: { ':version': status.stateVersion },
      }),
    );
    return 'written';
  } catch (error) {
    if (isConditionalFailure(error)) return 'stale';
    throw error;
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
