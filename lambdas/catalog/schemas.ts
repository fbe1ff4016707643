import { z } from 'zod';
import { isCountyCode } from '../core/counties';
import { paginationQuery, text } from '../core/http/schemas';
import { MAX_STOCK_SHARDS } from './stock-shards';
import { normaliseCnMobile } from './domain/profile';

/** zod schemas of the catalog routes: requests validated at the edge, responses for the OpenAPI document. */

const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

export const countyCode = z
  .string()
  .regex(/^\d{6}$/, 'A six-digit GB/T 2260 county code')
  .refine(isCountyCode, 'Unknown county code');
export const productId = z.string().regex(ULID, 'A product id');
export const sellerId = z.string().min(1).max(128);
/** A mainland China mobile number, given with or without +86 and separators; the 11 digits out. */
export const cnMobile = z
  .string()
  .max(20)
  .transform((value, context) => {
    const phone = normaliseCnMobile(value);
    if (!phone) context.addIssue({ code: 'custom', message: 'A mainland China mobile number' });
    return phone ?? value;
  });
/** The 12-digit GB/T 2260 code of a village or community; only its format (the data decides the rest). */
export const villageCode = z.string().regex(/^\d{12}$/, 'A 12-digit GB/T 2260 village code');

export const profileBody = z.object({
  displayName: text({ min: 1, max: 60 }),
  countyCode,
  village: text({ min: 1, max: 60 }),
  phone: cnMobile.optional(),
  villageCode: villageCode.optional(),
});

const countyNames = {
  countyCode: z.string(),
  countyName: z.string().nullable(),
  provinceCode: z.string().nullable(),
  provinceName: z.string().nullable(),
};

export const publicProfile = z
  .object({
    sellerId: z.string(),
    displayName: z.string(),
    ...countyNames,
    village: z.string(),
    villageCode: z.string().nullable(),
    villageName: z.string().nullable(),
    townCode: z.string().nullable(),
    townName: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'PublicSellerProfile' });
// extend() keeps the shape, not the id.
export const profile = publicProfile.extend({ phone: z.string().nullable() }).meta({ id: 'SellerProfile' });

export const productUnit = z.enum(['jin', 'kg', 'piece', 'box', 'bunch']);
const priceFen = z.number().int().min(1).max(10_000_000);
const stock = z.number().int().min(0).max(1_000_000);

export const createProductBody = z.object({
  title: text({ min: 1, max: 80 }),
  description: text({ max: 2000 }).optional(),
  unit: productUnit,
  priceFen,
  stock,
  category: text({ min: 1, max: 40 }).optional(),
  /** Extension: shard the stock of a product expected to sell fast (see stock-shards.ts). */
  stockShards: z.number().int().min(1).max(MAX_STOCK_SHARDS).default(1),
});

export const patchProductBody = z
  .object({
    title: text({ min: 1, max: 80 }).optional(),
    description: text({ max: 2000 }).nullable().optional(),
    priceFen: priceFen.optional(),
    stock: stock.optional(),
    status: z.enum(['ACTIVE', 'HIDDEN']).optional(),
    category: text({ min: 1, max: 40 }).nullable().optional(),
  })
  .refine((patch) => Object.values(patch).some((value) => value !== undefined), { message: 'Nothing to change' });

export const productParams = z.object({ productId });
export const sellerParams = z.object({ sellerId });
export const countyParams = z.object({ countyCode: z.string().regex(/^\d{6}$/, 'A six-digit GB/T 2260 county code') });

export const sellerProductsQuery = paginationQuery.extend({ status: z.enum(['ACTIVE', 'HIDDEN', 'ARCHIVED']).optional() });
export const liveQuery = paginationQuery.extend({ countyCode: countyCode.optional() });

export const product = z
  .object({
    productId: z.string(),
    sellerId: z.string(),
    title: z.string(),
    description: z.string().nullable(),
    unit: productUnit,
    priceFen: z.number().int(),
    stock: z.number().int(),
    stockShards: z.number().int(),
    category: z.string().nullable(),
    status: z.enum(['ACTIVE', 'HIDDEN', 'ARCHIVED']),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Product' });
/** A product as buyers see it: how its stock is sharded is the seller's business. */
export const publicProduct = product.omit({ stockShards: true }).meta({ id: 'PublicProduct' });

export const channel = z
  .object({
    channelArn: z.string(),
    ingestEndpoint: z.string(),
    streamKey: z.string(),
    playbackUrl: z.string(),
    chatRoomArn: z.string(),
  })
  .meta({ id: 'Channel' });
export const streamKey = z.object({ streamKey: z.string() }).meta({ id: 'StreamKey' });

export const pinBody = z
  .object({
    productId,
    flashPriceFen: priceFen.optional(),
    flashStock: z.number().int().min(1).max(1_000_000).optional(),
    perBuyerLimit: z.number().int().min(1).max(99).optional(),
    durationSeconds: z.number().int().min(60).max(1200).optional(),
  })
  .superRefine((pin, context) => {
    if ((pin.flashPriceFen === undefined) !== (pin.flashStock === undefined)) {
      const missing = pin.flashPriceFen === undefined ? 'flashPriceFen' : 'flashStock';
      context.addIssue({ code: 'custom', path: [missing], message: 'A flash pin needs both flashPriceFen and flashStock' });
    }
  });

export const pin = z
  .object({
    pinId: z.string(),
    productId: z.string(),
    flashPriceFen: z.number().int().nullable(),
    flashStock: z.number().int().nullable(),
    perBuyerLimit: z.number().int().nullable(),
    startsAt: z.string(),
    endsAt: z.string(),
  })
  .meta({ id: 'Pin' });

export const liveSeller = z
  .object({
    sellerId: z.string(),
    displayName: z.string(),
    countyCode: z.string(),
    countyName: z.string().nullable(),
    playbackUrl: z.string(),
    startedAt: z.string(),
    pinnedProduct: z
      .object({
        pinId: z.string(),
        productId: z.string(),
        title: z.string(),
        flashPriceFen: z.number().int().nullable(),
        endsAt: z.string(),
      })
      .optional(),
  })
  .meta({ id: 'LiveSeller' });

export const countyChannel = z
  .object({
    countyCode: z.string(),
    countyName: z.string().nullable(),
    playbackUrl: z.string(),
    chatRoomArn: z.string(),
    live: z.boolean(),
    startedAt: z.string().nullable(),
  })
  .meta({ id: 'CountyChannel' });
