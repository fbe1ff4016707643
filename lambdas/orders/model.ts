/**
 * Orders table items (keys `pk`/`sk`; sparse indexes gsi1 buyer list, gsi2 seller list, gsi3 report day
 * index; see lib/topology.ts). Pure: no AWS import. Written only by the orders and fulfilment functions.
 *
 * | item                | pk                         | sk                 |
 * | ------------------- | -------------------------- | ------------------ |
 * | order               | ORDER#{orderId}            | ORDER              |
 * | shipment request    | ORDER#{orderId}            | SHIPMENT           |
 * | per-buyer pin count | PINBUYER#{pinId}#{buyerId} | LIMIT              |
 */
import { createHash } from 'node:crypto';

export const ORDER_ENTITY = 'ORDER';
export const SHIPMENT_ENTITY = 'SHIPMENT_REQUEST';

export const orderKey = (orderId: string) => ({ pk: `ORDER#${orderId}`, sk: 'ORDER' });
export const shipmentRequestKey = (orderId: string) => ({ pk: `ORDER#${orderId}`, sk: 'SHIPMENT' });
export const buyerLimitKey = (pinId: string, buyerId: string) => ({ pk: `PINBUYER#${pinId}#${buyerId}`, sk: 'LIMIT' });

/**
 * Index partitions written by every order. The buyer list needs no sharding (one buyer places few
 * orders); the seller list and the report day index do: in a flash sale every order names the same
 * seller and the same day. 16 shards keep each partition key at ≤ 5,000/16 ≈ 313 index writes/s per
 * event type even at 5,000 orders/s (see docs/orders.md).
 */
export const SELLER_INDEX_SHARDS = 16;
export const DAY_INDEX_SHARDS = 16;

/** A stable shard number for an order: the first 4 bytes of SHA-256(salt, orderId), modulo `shards`. */
export function orderShard(orderId: string, shards: number, salt: string): number {
  return createHash('sha256').update(`${salt}\u0000${orderId}`, 'utf8').digest().readUInt32BE(0) % shards;
}

// Asia/Shanghai has been UTC+8 without daylight saving since 1991.
const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;

/** The Asia/Shanghai business day (YYYY-MM-DD) of an ISO-8601 UTC instant. */
export const shanghaiDay = (iso: string) => new Date(Date.parse(iso) + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);

export const buyerListPk = (buyerId: string) => `BUYER#${buyerId}`;
export const sellerListPrefix = (sellerId: string) => `SELLER#${sellerId}#`;
export const sellerListPk = (sellerId: string, shard: number) => `${sellerListPrefix(sellerId)}${shard}`;
export const dayIndexPk = (day: string, shard: number) => `DAY#${day}#${shard}`;
export const listSk = (createdAt: string, orderId: string) => `${createdAt}#${orderId}`;

export interface OrderIndexKeys {
  gsi1pk: string;
  gsi1sk: string;
  gsi2pk: string;
  gsi2sk: string;
  gsi3pk: string;
  gsi3sk: string;
}

export function orderIndexKeys(order: { orderId: string; buyerId: string; sellerId: string; createdAt: string }): OrderIndexKeys {
  const sk = listSk(order.createdAt, order.orderId);
  return {
    gsi1pk: buyerListPk(order.buyerId),
    gsi1sk: sk,
    gsi2pk: sellerListPk(order.sellerId, orderShard(order.orderId, SELLER_INDEX_SHARDS, 'seller')),
    gsi2sk: sk,
    gsi3pk: dayIndexPk(shanghaiDay(order.createdAt), orderShard(order.orderId, DAY_INDEX_SHARDS, 'day')),
    gsi3sk: sk,
  };
}
