import { GetCommand, PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { itemDecoder } from '../../core/item-decoder';
import { channelKey, channelLookupKey, chatRoomLookupKey, type ChannelItem, type ChannelLookupItem } from '../model';
import { catalogTable, cancellationCodes, db, isConditionalFailure, updateExpression } from './table';

export const decodeChannel = itemDecoder(
  'seller channel',
  z.object({
    sellerId: z.string().min(1),
    state: z.enum(['CREATING', 'READY']),
    claimId: z.string(),
    claimedAt: z.string(),
    channelName: z.string(),
    channelArn: z.string().optional(),
    ingestEndpoint: z.string().optional(),
    playbackUrl: z.string().optional(),
    streamKeyArn: z.string().optional(),
    chatRoomArn: z.string().optional(),
    createdAt: z.string(),
    updatedAt: z.string(),
  }) satisfies z.ZodType<ChannelItem>,
);

export const decodeChannelLookup = itemDecoder(
  'channel lookup',
  z.object({ channelArn: z.string().min(1), sellerId: z.string().min(1) }) satisfies z.ZodType<ChannelLookupItem>,
);

export async function getChannel(sellerId: string): Promise<ChannelItem | undefined> {
  const { Item } = await db.send(new GetCommand({ TableName: catalogTable, Key: channelKey(sellerId), ConsistentRead: true }));
  return Item ? decodeChannel(Item) : undefined;
}

/** The CREATING claim: only one of several concurrent callers gets it (conditional put). */
export async function claimChannel(item: ChannelItem): Promise<boolean> {
  try {
    await db.send(
      new PutCommand({ TableName: catalogTable, Item: { ...channelKey(item.sellerId), ...item }, ConditionExpression: 'attribute_not_exists(pk)' }),
    );
    return true;
  } catch (error) {
    if (isConditionalFailure(error)) return false;
    throw error;
  }
}

/** Takes over a stale claim; false if someone else did first or the channel got finished. */
export async function takeOverClaim(sellerId: string, staleClaimId: string, claimId: string, now: Date): Promise<boolean> {
  try {
    await db.send(
      new UpdateCommand({
        TableName: catalogTable,
        Key: channelKey(sellerId),
        UpdateExpression: 'SET claimId = :claim, claimedAt = :now, updatedAt = :now',
        ConditionExpression: '#state = :creating AND claimId = :stale',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':claim': claimId, ':now': now.toISOString(), ':stale': staleClaimId, ':creating': 'CREATING' },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionalFailure(error)) return false;
    throw error;
  }
}

/** After a failed build: backdates the claim so the next call takes it over at once instead of waiting. */
export async function releaseClaim(sellerId: string, claimId: string): Promise<void> {
  try {
    await db.send(
      new UpdateCommand({
        TableName: catalogTable,
        Key: channelKey(sellerId),
        UpdateExpression: 'SET claimedAt = :epoch',
        ConditionExpression: '#state = :creating AND claimId = :claimId',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':epoch': new Date(0).toISOString(), ':creating': 'CREATING', ':claimId': claimId },
      }),
    );
  } catch (error) {
    if (!isConditionalFailure(error)) throw error;
  }
}

export class ClaimLostError extends Error {
  override readonly name = 'ClaimLostError';
}

/** Records the IVS channel as soon as it exists (with its event lookup), so a takeover reuses it. */
export async function recordIvsChannel(
  sellerId: string,
  claimId: string,
  channel: { channelArn: string; ingestEndpoint: string; playbackUrl: string; streamKeyArn: string },
  now: Date,
): Promise<void> {
  // Field by field: the caller's object may also hold the stream key's value, which is never stored.
  const { channelArn, ingestEndpoint, playbackUrl, streamKeyArn } = channel;
  const update = updateExpression({ channelArn, ingestEndpoint, playbackUrl, streamKeyArn, updatedAt: now.toISOString() });
  const lookup: ChannelLookupItem = { channelArn, sellerId };
  await transactUnderClaim(claimId, [
    updateUnderClaim(sellerId, claimId, update),
    { Put: { TableName: catalogTable, Item: { ...channelLookupKey(channelArn), ...lookup } } },
  ]);
}

export async function completeChannel(sellerId: string, claimId: string, chatRoomArn: string, now: Date): Promise<ChannelItem> {
  const update = updateExpression({ chatRoomArn, state: 'READY', updatedAt: now.toISOString() });
  await transactUnderClaim(claimId, [
    updateUnderClaim(sellerId, claimId, update),
    { Put: { TableName: catalogTable, Item: { ...chatRoomLookupKey(chatRoomArn), chatRoomArn, sellerId } } },
  ]);
  return (await getChannel(sellerId))!;
}

/** Updates the channel item only while `claimId` still holds the creation claim. */
function updateUnderClaim(sellerId: string, claimId: string, update: ReturnType<typeof updateExpression>) {
  return {
    Update: {
      TableName: catalogTable,
      Key: channelKey(sellerId),
      ...update,
      ConditionExpression: 'claimId = :claimId',
      ExpressionAttributeValues: { ...update.ExpressionAttributeValues, ':claimId': claimId },
    },
  };
}

async function transactUnderClaim(claimId: string, items: NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>) {
  try {
    await db.send(new TransactWriteCommand({ TransactItems: items }));
  } catch (error) {
    if (cancellationCodes(error)?.[0] === 'ConditionalCheckFailed') throw new ClaimLostError(`Channel claim ${claimId} was taken over`);
    throw error;
  }
}

export async function setStreamKeyArn(sellerId: string, streamKeyArn: string, now: Date): Promise<void> {
  await db.send(
    new UpdateCommand({
      TableName: catalogTable,
      Key: channelKey(sellerId),
      ...updateExpression({ streamKeyArn, updatedAt: now.toISOString() }),
      ConditionExpression: 'attribute_exists(pk)',
    }),
  );
}

export async function sellerIdForChannel(channelArn: string): Promise<string | undefined> {
  const { Item } = await db.send(new GetCommand({ TableName: catalogTable, Key: channelLookupKey(channelArn) }));
  return Item ? decodeChannelLookup(Item).sellerId : undefined;
}
