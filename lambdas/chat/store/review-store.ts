import { DynamoDBClient, GetItemCommand, PutItemCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { tables } from '../../../lib/topology';
import { chatRoomLookupKey, chatSettingsKey, slowModeKey } from '../../catalog/model';
import type { SlowModeClaim } from '../domain/slow-mode';
import type { RoomSettings } from '../review/room-settings';

// The review path reads its environment by hand: zod alone would cost more init time than this module.
const table = process.env[tables.catalog.envName];
if (!table) throw new Error(`Invalid environment: ${tables.catalog.envName} is required`);

/** Per-call limits for the review path. The caller also races every call against its own timer. */
export const REVIEW_CALL_TIMEOUT_MS = 50;

/**
 * Its own client, not the shared one: one attempt (a retry cannot fit in the budget) and socket
 * timeouts that end a stuck request instead of holding it open after the answer is given.
 */
export const reviewDynamoClient = new DynamoDBClient({
  maxAttempts: 1,
  requestHandler: { connectionTimeout: REVIEW_CALL_TIMEOUT_MS, requestTimeout: REVIEW_CALL_TIMEOUT_MS },
});

const key = (k: { pk: string; sk: string }): Record<string, AttributeValue> => ({ pk: { S: k.pk }, sk: { S: k.sk } });

function stringList(value: AttributeValue | undefined): string[] {
  if (value?.SS) return value.SS;
  if (value?.L) return value.L.flatMap((entry) => (entry.S === undefined ? [] : [entry.S]));
  return [];
}

/** Which seller a room belongs to (the catalog writes this lookup with the room); undefined for other rooms. */
export async function roomSeller(roomArn: string, signal: AbortSignal): Promise<string | undefined> {
  const { Item } = await reviewDynamoClient.send(
    new GetItemCommand({ TableName: table, Key: key(chatRoomLookupKey(roomArn)), ProjectionExpression: 'sellerId' }),
    { abortSignal: signal },
  );
  return Item?.sellerId?.S;
}

/** The seller's saved settings, or undefined when there are none (the defaults apply). */
export async function sellerSettings(sellerId: string, signal: AbortSignal): Promise<RoomSettings | undefined> {
  const { Item } = await reviewDynamoClient.send(
    new GetItemCommand({
      TableName: table,
      Key: key(chatSettingsKey(sellerId)),
      ProjectionExpression: 'blockedTerms, slowModeSeconds, maskContacts, version',
    }),
    { abortSignal: signal },
  );
  if (!Item) return undefined;
  const slowModeSeconds = Number(Item.slowModeSeconds?.N ?? 0);
  return {
    blockedTerms: stringList(Item.blockedTerms),
    slowModeSeconds: Number.isFinite(slowModeSeconds) ? slowModeSeconds : 0,
    maskContacts: Item.maskContacts?.BOOL ?? true,
    version: Item.version?.S ?? `unversioned-${sellerId}`,
  };
}

/** Slow mode's one write per message: records this message unless the user's previous one is too recent. */
export async function claimSlowMode(roomArn: string, userId: string, claim: SlowModeClaim, signal: AbortSignal): Promise<'claimed' | 'too-soon'> {
  try {
    await reviewDynamoClient.send(
      new PutItemCommand({
        TableName: table,
        Item: {
          ...key(slowModeKey(roomArn, userId)),
          lastMessageAt: { N: String(claim.lastMessageAt) },
          expiresAt: { N: String(claim.expiresAt) },
        },
        ConditionExpression: 'attribute_not_exists(pk) OR lastMessageAt <= :previousAtMost',
        ExpressionAttributeValues: { ':previousAtMost': { N: String(claim.previousAtMost) } },
      }),
      { abortSignal: signal },
    );
    return 'claimed';
  } catch (error) {
    if (error instanceof Error && error.name === 'ConditionalCheckFailedException') return 'too-soon';
    throw error;
  }
}
