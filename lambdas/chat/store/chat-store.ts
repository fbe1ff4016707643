import { z } from 'zod';
import { DeleteCommand, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../../core/aws/dynamodb';
import { readEnv } from '../../core/env';
import { invalidCursor, keyedList } from '../../core/http/cursor';
import { itemDecoder } from '../../core/item-decoder';
import { tables } from '../../../lib/topology';
import {
  CHAT_BAN_SK_PREFIX,
  channelKey,
  chatBanKey,
  chatSettingsKey,
  sellerPk,
  type ChatBanItem,
  type ChatSettingsItem,
} from '../../catalog/model';
import type { ChatBan } from '../domain/bans';

const table = readEnv({ [tables.catalog.envName]: z.string().min(1) })[tables.catalog.envName];
const db = documentClient;

export const decodeChatSettings = itemDecoder(
  'chat settings',
  z.object({
    sellerId: z.string().min(1),
    blockedTerms: z.array(z.string()),
    slowModeSeconds: z.number().int().nonnegative(),
    maskContacts: z.boolean(),
    version: z.string(),
    updatedAt: z.string(),
  }) satisfies z.ZodType<ChatSettingsItem>,
);

export const decodeChatBan = itemDecoder(
  'chat ban',
  z.object({
    sellerId: z.string().min(1),
    userId: z.string().min(1),
    until: z.string().nullable(),
    reason: z.string().nullable(),
    createdAt: z.string(),
    expiresAt: z.number().int().optional(),
  }) satisfies z.ZodType<ChatBanItem>,
);

/** The two attributes of the seller's channel item that chat reads (a projection of it). */
const decodeRoomOfChannel = itemDecoder(
  'seller channel (state, chatRoomArn)',
  z.object({ state: z.enum(['CREATING', 'READY']), chatRoomArn: z.string().min(1).optional() }),
);

export const bansList = keyedList('chat:bans', ['pk', 'sk']);

export async function getSettings(sellerId: string): Promise<ChatSettingsItem | undefined> {
  const { Item } = await db.send(new GetCommand({ TableName: table, Key: chatSettingsKey(sellerId) }));
  return Item ? decodeChatSettings(Item) : undefined;
}

export async function putSettings(item: ChatSettingsItem): Promise<void> {
  await db.send(new PutCommand({ TableName: table, Item: { ...chatSettingsKey(item.sellerId), ...item } }));
}

/** The seller's chat room, once their channel is READY (the catalog creates both together). */
export async function sellerRoomArn(sellerId: string): Promise<string | undefined> {
  const { Item } = await db.send(
    new GetCommand({ TableName: table, Key: channelKey(sellerId), ProjectionExpression: '#state, chatRoomArn', ExpressionAttributeNames: { '#state': 'state' } }),
  );
  // The projection leaves out pk and sk: name the item by the key that was asked for.
  const channel = Item ? decodeRoomOfChannel({ ...channelKey(sellerId), ...Item }) : undefined;
  return channel?.state === 'READY' ? channel.chatRoomArn : undefined;
}

export async function getBan(sellerId: string, userId: string): Promise<ChatBanItem | undefined> {
  // Strongly consistent: a ban must hold from the moment the seller's request returned.
  const { Item } = await db.send(new GetCommand({ TableName: table, Key: chatBanKey(sellerId, userId), ConsistentRead: true }));
  return Item ? decodeChatBan(Item) : undefined;
}

/** Replaces any earlier ban of the same user (a new ban restarts the clock). */
export async function putBan(sellerId: string, ban: ChatBan, expiresAt: number | undefined): Promise<void> {
  const item: ChatBanItem = { sellerId, ...ban, ...(expiresAt === undefined ? {} : { expiresAt }) };
  await db.send(new PutCommand({ TableName: table, Item: { ...chatBanKey(sellerId, ban.userId), ...item } }));
}

export async function deleteBan(sellerId: string, userId: string): Promise<void> {
  await db.send(new DeleteCommand({ TableName: table, Key: chatBanKey(sellerId, userId) }));
}

const toBan = (item: ChatBanItem): ChatBan => ({ userId: item.userId, until: item.until, reason: item.reason, createdAt: item.createdAt });

/**
 * The seller's bans that have not expired, by user id. Expired timed bans are filtered out here (TTL
 * removes them only eventually); DynamoDB's Limit counts items before the filter, so pages are
 * filled by reading on, and the cursor is the last returned item's key, bound to this seller.
 */
export async function listActiveBans(
  sellerId: string,
  page: { limit: number; cursor: string | undefined },
  isActive: (ban: ChatBan) => boolean,
  nowSeconds: number,
): Promise<{ items: ChatBan[]; nextCursor: string | null }> {
  const pk = sellerPk(sellerId);
  let startKey: Record<string, unknown> | undefined = bansList.decode({ pk }, page.cursor);
  if (startKey && !String(startKey.sk).startsWith(CHAT_BAN_SK_PREFIX)) throw invalidCursor();
  const items: ChatBan[] = [];
  let lastKey: Record<string, unknown> | undefined;
  for (;;) {
    const result = await db.send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        FilterExpression: 'attribute_not_exists(expiresAt) OR expiresAt >= :now',
        ExpressionAttributeValues: { ':pk': pk, ':prefix': CHAT_BAN_SK_PREFIX, ':now': nowSeconds },
        Limit: page.limit + 1,
        ExclusiveStartKey: startKey,
      }),
    );
    for (const item of result.Items ?? []) {
      const ban = toBan(decodeChatBan(item));
      if (!isActive(ban)) continue;
      if (items.length === page.limit) return { items, nextCursor: bansList.encode({ pk }, lastKey) };
      items.push(ban);
      lastKey = { pk: item.pk, sk: item.sk };
    }
    if (!result.LastEvaluatedKey) return { items, nextCursor: null };
    startKey = result.LastEvaluatedKey;
  }
}
