import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { itemDecoder } from '../../core/item-decoder';
import { replayKey, replaysPartition, type ReplayItem } from '../model';
import { partitionPage, type Page } from './paging';
import { db, liveTable } from './table';

export const decodeReplay = itemDecoder(
  'replay',
  z.object({
    replayId: z.string(),
    sellerId: z.string(),
    startedAt: z.string(),
    endedAt: z.string(),
    durationSeconds: z.number(),
    playbackUrl: z.string(),
    pins: z.array(z.object({ atSeconds: z.number(), productId: z.string(), title: z.string() })),
  }) satisfies z.ZodType<ReplayItem>,
);

/** Keyed by the recording session: a redelivered Recording End puts the same replay again. */
export async function putReplay(replay: ReplayItem): Promise<void> {
  await db.send(new PutCommand({ TableName: liveTable, Item: { ...replayKey(replay.sellerId, replay.startedAt, replay.replayId), ...replay } }));
}

export function listReplays(sellerId: string, options: { limit: number; cursor?: string | undefined }): Promise<Page<ReplayItem>> {
  return partitionPage('replays', replaysPartition(sellerId), { limit: options.limit, cursor: options.cursor, newestFirst: true, decode: decodeReplay });
}
