import { DeleteCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { itemDecoder } from '../../core/item-decoder';
import { countyChannelRuntimeSchema, type CountyChannelRuntime } from '../../../lib/county-channels';
import { COUNTY_CHANNELS_PARTITION, countyChannelKey } from '../model';
import { catalogTable, db } from './table';

const decodeCountyChannel = itemDecoder('county channel', countyChannelRuntimeSchema);

/**
 * The list changes only when a deployment (the provisioner) changes it: each container reads it once
 * per this many milliseconds, so a new or removed county shows within minutes of a deployment.
 */
export const COUNTY_CHANNELS_CACHE_MS = 5 * 60_000;

let cache: { loadedAt: number; channels: Promise<readonly CountyChannelRuntime[]> } | undefined;

async function readAll(): Promise<readonly CountyChannelRuntime[]> {
  const channels: CountyChannelRuntime[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await db.send(
      new QueryCommand({
        TableName: catalogTable,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': COUNTY_CHANNELS_PARTITION },
        ExclusiveStartKey: startKey,
      }),
    );
    channels.push(...(page.Items ?? []).map(decodeCountyChannel));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return channels;
}

/** This region's county channels (from the catalog table, cached per container). */
export function allCountyChannels(now = Date.now()): Promise<readonly CountyChannelRuntime[]> {
  if (!cache || now - cache.loadedAt >= COUNTY_CHANNELS_CACHE_MS) {
    const channels = readAll();
    const entry = { loadedAt: now, channels };
    cache = entry;
    // A failed read is not cached: the next call tries again.
    channels.catch(() => {
      if (cache === entry) cache = undefined;
    });
  }
  return cache.channels;
}

export const countyChannel = async (countyCode: string): Promise<CountyChannelRuntime | undefined> =>
  (await allCountyChannels()).find((channel) => channel.countyCode === countyCode);

export const countyChannelByArn = async (channelArn: string): Promise<CountyChannelRuntime | undefined> =>
  (await allCountyChannels()).find((channel) => channel.channelArn === channelArn);

/** The provisioner's writes (nothing else writes the partition). */
export async function putCountyChannel(channel: CountyChannelRuntime): Promise<void> {
  await db.send(new PutCommand({ TableName: catalogTable, Item: { ...countyChannelKey(channel.countyCode), ...channel } }));
}

export async function deleteCountyChannel(countyCode: string): Promise<void> {
  await db.send(new DeleteCommand({ TableName: catalogTable, Key: countyChannelKey(countyCode) }));
}

export async function listCountyChannels(): Promise<readonly CountyChannelRuntime[]> {
  return readAll();
}
