import { z } from 'zod';
import { itemDecoder } from '../core/item-decoder';
import type { PinItem, PinLogItem, ProductItem } from './model';
import type { ShardState } from './stock-shards';

/**
 * Decoders of the catalog items this capability's stores read (products, pins, stock shards): every
 * item read from DynamoDB passes through one, so a malformed item is an error naming its key. Pure (no
 * AWS import): the orders capability reads the same items through the same decoders.
 */
const productStatus = z.enum(['ACTIVE', 'HIDDEN', 'ARCHIVED']);
const count = z.number().int().min(0);

const productItem = z.object({
  productId: z.string().min(1),
  sellerId: z.string().min(1),
  title: z.string(),
  description: z.string().optional(),
  unit: z.enum(['jin', 'kg', 'piece', 'box', 'bunch']),
  priceFen: z.number().int().min(1),
  category: z.string().optional(),
  status: productStatus,
  stockShards: z.number().int().min(1),
  createdAt: z.string(),
  updatedAt: z.string(),
}) satisfies z.ZodType<ProductItem>;

const pinItem = z
  .object({
    pinId: z.string().min(1),
    sellerId: z.string().min(1),
    productId: z.string().min(1),
    productTitle: z.string().optional(),
    flashPriceFen: z.number().int().min(1).nullable(),
    flashStock: count.nullable(),
    flashStockShards: count,
    perBuyerLimit: z.number().int().min(1).nullable(),
    startsAt: z.string(),
    endsAt: z.string(),
  })
  .refine((pin) => (pin.flashPriceFen === null) === (pin.flashStock === null), { message: 'flashPriceFen and flashStock come together' }) satisfies z.ZodType<PinItem>;

const shardState = z
  .object({
    productId: z.string().min(1),
    shard: count,
    unsold: count,
    available: count,
    flashLeft: count,
    flashPinId: z.string().min(1).optional(),
    flashUntil: z.number().int().optional(),
    status: productStatus,
    priceFen: z.number().int().min(1),
  })
  .refine((shard) => shard.unsold === shard.available + shard.flashLeft, { message: 'unsold must equal available + flashLeft' })
  .refine((shard) => (shard.flashPinId === undefined) === (shard.flashUntil === undefined), { message: 'flashPinId and flashUntil come together' }) satisfies z.ZodType<ShardState>;

export const decodeProduct = itemDecoder('product', productItem);
export const decodePin = itemDecoder('pin', pinItem);
export const decodeStockShard = itemDecoder('stock shard', shardState);
export const decodePinLog = itemDecoder(
  'pin log',
  z.object({
    pinId: z.string(),
    sellerId: z.string(),
    productId: z.string(),
    productTitle: z.string().optional(),
    startsAt: z.string(),
    expiresAt: z.number(),
  }) satisfies z.ZodType<PinLogItem>,
);
