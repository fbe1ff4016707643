/**
 * Orders table items (keys `pk`/`sk`; sparse indexes gsi1 buyer list, gsi2 seller list, gsi3 report day
 * index of paid orders, gsi4 timers of the scheduled sweeps; see lib/topology.ts). Pure: no AWS import. Written only by the orders and fulfilment functions.
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
/** Timer index (gsi4) partitions per kind: a flash sale puts thousands of orders on the same minute. */
export const TIMER_INDEX_SHARDS = 16;

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
export const timerIndexPk = (kind: string, shard: number) => `TIMER#${kind}#${shard}`;
/** Sorts by due time; every key of a partition due at or before `at` is `<= timerIndexUpTo(at)`. */
export const timerIndexSk = (dueAt: string, orderId: string) => `${dueAt}#${orderId}`;
export const timerIndexUpTo = (at: string) => `${at}#\uffff`;

export interface OrderListKeys {
  gsi1pk: string;
  gsi1sk: string;
  gsi2pk: string;
  gsi2sk: string;
}

/** The buyer and seller list keys: written when the order is placed, never changed. */
export function orderListKeys(order: { orderId: string; buyerId: string; sellerId: string; createdAt: string }): OrderListKeys {
  const sk = listSk(order.createdAt, order.orderId);
  return {
    gsi1pk: buyerListPk(order.buyerId),
    gsi1sk: sk,
    gsi2pk: sellerListPk(order.sellerId, orderShard(order.orderId, SELLER_INDEX_SHARDS, 'seller')),
    gsi2sk: sk,
  };
}

/**
 * The report day index entry of a paid order: the Asia/Shanghai day of `paidAt` (the provider's payment
 * time). Written by the PAID transition and kept after it, so unpaid orders are never in the index.
 */
export function dayIndexKeys(order: { orderId: string; paidAt: string }): { gsi3pk: string; gsi3sk: string } {
  return {
    gsi3pk: dayIndexPk(shanghaiDay(order.paidAt), orderShard(order.orderId, DAY_INDEX_SHARDS, 'day')),
    gsi3sk: listSk(order.paidAt, order.orderId),
  };
}

/** The timer index entry of an order waiting on a deadline (see domain/order.ts `orderTimer`). */
export function timerIndexKeys(orderId: string, timer: { kind: string; dueAt: string }): { gsi4pk: string; gsi4sk: string } {
  return { gsi4pk: timerIndexPk(timer.kind, orderShard(orderId, TIMER_INDEX_SHARDS, 'timer')), gsi4sk: timerIndexSk(timer.dueAt, orderId) };
}
