import { z } from 'zod';
import { findCounty } from '../core/counties';
import { paginationQuery, text } from '../core/http/schemas';
import { IDEMPOTENCY_KEY_PATTERN } from './domain/idempotency';
import { ORDER_STATUSES } from './domain/order';

const id = z.string().min(1).max(128);
const countyCode = z
  .string()
  .regex(/^\d{6}$/, 'A six-digit GB/T 2260 county code')
  .refine((code) => findCounty(code) !== undefined, 'Unknown county code');

export const shippingAddressSchema = z.object({
  name: text({ min: 1, max: 40 }),
  phone: z.string().regex(/^1[3-9]\d{9}$/, 'A mainland China mobile number'),
  countyCode,
  detail: text({ min: 1, max: 200 }),
});

export const placeOrderBody = z.object({
  sellerId: id,
  items: z
    .array(z.object({ productId: id, quantity: z.number().int().min(1).max(99) }))
    .min(1)
    .max(20)
    .refine((items) => new Set(items.map((item) => item.productId)).size === items.length, 'Each product may appear in one line only'),
  shippingAddress: shippingAddressSchema,
  note: text({ max: 200 }).optional(),
});

// Loose: the other request headers stay on the event (e.g. the local runtime's seed clock).
export const idempotencyHeaders = z
  .object({ 'idempotency-key': z.string().regex(IDEMPOTENCY_KEY_PATTERN, '8 to 64 characters of A-Z, a-z, 0-9, _ and -') })
  .loose();

export const orderIdParams = z.object({ orderId: id });

export const sellerOrdersQuery = paginationQuery.extend({ status: z.enum(ORDER_STATUSES).optional() });

export const shipBody = z.object({
  carrier: text({ min: 1, max: 40 }),
  trackingNumber: text({ min: 1, max: 40 }),
});

const statusSchema = z.enum(ORDER_STATUSES);

export const orderSchema = z
  .object({
    orderId: z.string(),
    buyerId: z.string(),
    sellerId: z.string(),
    sellerCountyCode: z.string(),
    status: statusSchema,
    items: z.array(
      z.object({ productId: z.string(), title: z.string(), unitPriceFen: z.number().int(), quantity: z.number().int(), lineTotalFen: z.number().int() }),
    ),
    totalFen: z.number().int(),
    unitCount: z.number().int(),
    shippingAddress: shippingAddressSchema,
    note: z.string().optional(),
    createdAt: z.string(),
    updatedAt: z.string(),
    payBy: z.string().meta({ description: 'Unpaid past this instant, the order expires and its stock returns (15 minutes after createdAt; 5 with a flash-priced line)' }),
    history: z.array(z.object({ status: statusSchema, at: z.string() })),
    paidAt: z.string().optional().meta({ description: "The provider's payment time (Alipay gmt_payment)" }),
    refund: z
      .object({ status: z.enum(['PENDING', 'SUCCEEDED']), amountFen: z.number().int() })
      .optional()
      .meta({ description: 'Money going back to the buyer: a paid order that was cancelled, or money that arrived after the order closed' }),
    shipment: z.object({ carrier: z.string(), trackingNumber: z.string(), shippedAt: z.string() }).optional(),
  })
  .meta({ id: 'Order' });
