import { QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { itemDecoder } from '../../core/item-decoder';
import { followerShard } from '../domain/followers';
import { buyerFollowsPartition, FOLLOW_SK_PREFIX, followerKey, followersPartition, followKey, type FollowerItem, type FollowItem } from '../model';
import { partitionPage, type Page } from './paging';
import { db, liveTable } from './table';

const followFields = { buyerId: z.string(), sellerId: z.string(), followedAt: z.string() };
export const decodeFollow = itemDecoder('follow', z.object(followFields) satisfies z.ZodType<FollowItem>);
export const decodeFollower = itemDecoder('follower', z.object(followFields) satisfies z.ZodType<FollowerItem>);

/**
 * The buyer's follow and the seller's follower item, in one transaction. Idempotent: following again
 * changes nothing (the first `followedAt` stays), because both puts are conditional on absence and a
 * repeat is recognised by its cancellation reasons.
 */
export async function follow(buyerId: string, sellerId: string, followedAt: string): Promise<'followed' | 'already'> {
  const item: FollowItem = { buyerId, sellerId, followedAt };
  try {
    await db.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: liveTable, Item: { ...followKey(buyerId, sellerId), ...item }, ConditionExpression: 'attribute_not_exists(pk)' } },
          {
            Put: {
              TableName: liveTable,
              Item: { ...followerKey(sellerId, followerShard(buyerId), buyerId), ...item },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
        ],
      }),
    );
    return 'followed';
  } catch (error) {
    if (cancelledOnlyByConditions(error)) return 'already';
    throw error;
  }
}

/** Removes both items in one transaction; unfollowing someone not followed is fine. */
export async function unfollow(buyerId: string, sellerId: string): Promise<void> {
  await db.send(
    new TransactWriteCommand({
      TransactItems: [
        { Delete: { TableName: liveTable, Key: followKey(buyerId, sellerId) } },
        { Delete: { TableName: liveTable, Key: followerKey(sellerId, followerShard(buyerId), buyerId) } },
      ],
    }),
  );
}

export function listFollowing(buyerId: string, options: { limit: number; cursor?: string | undefined }): Promise<Page<FollowItem>> {
  return partitionPage('following', buyerFollowsPartition(buyerId), {
    limit: options.limit,
    cursor: options.cursor,
    newestFirst: false,
    skPrefix: FOLLOW_SK_PREFIX,
    decode: decodeFollow,
  });
}

/** One page of one follower shard, in buyer id order, after `after` (exclusive). Strongly consistent is not needed: a follow made during the fan-out may or may not be notified. */
export async function followersPage(sellerId: string, shard: number, after: string | undefined, limit: number): Promise<{ followerIds: string[]; last: string | undefined }> {
  const pk = followersPartition(sellerId, shard);
  const followerIds: string[] = [];
  let startKey: Record<string, unknown> | undefined = after ? { pk, sk: after } : undefined;
  do {
    const result = await db.send(
      new QueryCommand({
        TableName: liveTable,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': pk },
        ProjectionExpression: 'sk',
        Limit: limit - followerIds.length,
        ExclusiveStartKey: startKey,
      }),
    );
    for (const item of result.Items ?? []) followerIds.push(String(item.sk));
    startKey = result.LastEvaluatedKey;
  } while (startKey && followerIds.length < limit);
  // A full page may have more after it; the next message finds out (an empty page ends the chain).
  return { followerIds, last: followerIds.length === limit ? followerIds.at(-1) : undefined };
}

/** Every cancellation reason is a failed condition or none (a conflict with another transaction is not "already"). */
function cancelledOnlyByConditions(error: unknown): boolean {
  if (!(error instanceof Error) || error.name !== 'TransactionCanceledException' || !('CancellationReasons' in error)) return false;
  const reasons = error.CancellationReasons;
  if (!Array.isArray(reasons)) return false;
  const codes = reasons.map((reason: unknown) => (typeof reason === 'object' && reason !== null && 'Code' in reason ? String(reason.Code) : 'None'));
  return codes.includes('ConditionalCheckFailed') && codes.every((code) => code === 'ConditionalCheckFailed' || code === 'None');
}
