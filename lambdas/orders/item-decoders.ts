import { z } from 'zod';
import { itemDecoder } from '../core/item-decoder';
import { ORDER_STATUSES, type Order, type ShipmentRequest } from './domain/order';

/**
 * Decoders of the orders table's items (order, shipment request, per-buyer pin counter): every item
 * read passes through one at the store boundary, so a malformed item is an error naming its key, never
 * a wrong value. Storage-only attributes (keys, index keys, entityType) are dropped.
 */
const count = z.number().int().min(0);
const positive = z.number().int().min(1);
const status = z.enum(ORDER_STATUSES);

const shippingAddress = z.object({ name: z.string(), phone: z.string(), countyCode: z.string(), detail: z.string() });

const orderLine = z.object({
  productId: z.string().min(1),
  title: z.string(),
  unitPriceFen: positive,
  quantity: positive,
  lineTotalFen: positive,
  pool: z.object({ kind: z.enum(['REGULAR', 'FLASH']), id: z.string().min(1), shards: positive }),
  takes: z.array(z.object({ shard: count, quantity: positive })),
});

const order = z.object({
  orderId: z.string().min(1),
  buyerId: z.string().min(1),
  sellerId: z.string().min(1),
  sellerCountyCode: z.string(),
  status,
  items: z.array(orderLine).min(1),
  totalFen: count,
  unitCount: positive,
  shippingAddress,
  note: z.string().optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
  payBy: z.string(),
  history: z.array(z.object({ status, at: z.string() })).min(1),
  version: positive,
  idempotencyKey: z.string(),
  requestHash: z.string(),
  buyerLimit: z.object({ pinId: z.string().min(1), units: positive, limit: positive, expiresAt: z.string() }).optional(),
  payment: z
    .object({
      paymentId: z.string().min(1),
      provider: z.literal('alipay'),
      amountFen: positive,
      payUrl: z.string().min(1),
      expiresAt: z.string(),
      createdAt: z.string(),
    })
    .optional(),
  paidAt: z.string().optional(),
  refund: z
    .object({
      status: z.enum(['PENDING', 'SUCCEEDED']),
      amountFen: positive,
      reason: z.enum(['CANCELLED', 'LATE_PAYMENT']),
      requestedAt: z.string(),
      succeededAt: z.string().optional(),
    })
    .optional(),
  shipment: z.object({ carrier: z.string(), trackingNumber: z.string(), shippedAt: z.string() }).optional(),
}) satisfies z.ZodType<Order>;

const shipmentRequest = z.object({
  orderId: z.string().min(1),
  sellerId: z.string().min(1),
  buyerId: z.string().min(1),
  items: z.array(z.object({ productId: z.string().min(1), title: z.string(), quantity: positive })),
  shippingAddress,
  requestedAt: z.string(),
  status: z.enum(['OPEN', 'SHIPPED', 'CANCELLED']),
  updatedAt: z.string(),
}) satisfies z.ZodType<ShipmentRequest>;

/** PINBUYER#{pinId}#{buyerId} / LIMIT: units of the pinned product the buyer's live orders hold (TTL `expiresAt`). */
const buyerLimitCounter = z.object({ units: count, expiresAt: z.number().int().optional() });
export type BuyerLimitCounter = z.infer<typeof buyerLimitCounter>;

export const decodeOrder = itemDecoder('order', order);
export const decodeShipmentRequest = itemDecoder('shipment request', shipmentRequest);
export const decodeBuyerLimitCounter = itemDecoder('buyer limit counter', buyerLimitCounter);
