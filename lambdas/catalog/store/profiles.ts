import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { itemDecoder } from '../../core/item-decoder';
import { profileKey, type SellerProfileItem } from '../model';
import { catalogTable, db } from './table';

export const decodeProfile = itemDecoder(
  'seller profile',
  z.object({
    sellerId: z.string().min(1),
    displayName: z.string(),
    countyCode: z.string().regex(/^\d{6}$/),
    village: z.string(),
    phone: z.string().optional(),
    villageCode: z.string().regex(/^\d{12}$/).optional(),
    townCode: z.string().regex(/^\d{9}$/).optional(),
    createdAt: z.string(),
    updatedAt: z.string(),
  }) satisfies z.ZodType<SellerProfileItem>,
);

export async function getProfile(sellerId: string): Promise<SellerProfileItem | undefined> {
  const { Item } = await db.send(new GetCommand({ TableName: catalogTable, Key: profileKey(sellerId), ConsistentRead: true }));
  return Item ? decodeProfile(Item) : undefined;
}

/** Replaces the profile, keeping its original createdAt. */
export async function putProfile(profile: Omit<SellerProfileItem, 'createdAt' | 'updatedAt'>, now: Date): Promise<SellerProfileItem> {
  const existing = await getProfile(profile.sellerId);
  const at = now.toISOString();
  const item: SellerProfileItem = { ...profile, createdAt: existing?.createdAt ?? at, updatedAt: at };
  if (item.phone === undefined) delete item.phone;
  if (item.villageCode === undefined) delete item.villageCode;
  if (item.townCode === undefined) delete item.townCode;
  await db.send(new PutCommand({ TableName: catalogTable, Item: { ...profileKey(profile.sellerId), ...item } }));
  return item;
}
