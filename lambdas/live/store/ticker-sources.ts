import { z } from 'zod';
import { batchGet as batchGetItems } from '../../core/aws/batch-get';
import { readEnv } from '../../core/env';
import { itemDecoder } from '../../core/item-decoder';
import { channelKey, sellerLiveKey } from '../../catalog/model';
import { stockShardKey } from '../../catalog/stock-shards';
import { batchGet as batchGetCatalog } from '../../catalog/store/table';
import { orderKey } from '../../orders/model';
import { maskBuyer, type TickerOrder } from '../domain/ticker';
import { tables } from '../../../lib/topology';

/**
 * What the ticker reads outside the live table: the paid orders (orders table), whether the seller is
 * live, the room's ARN and the product's unsold stock (catalog table). Each item is decoded to the few
 * fields the ticker uses; the rest of an order (address, phone, prices) is never kept.
 */
const env = readEnv({ [tables.orders.envName]: z.string().min(1) });
const ordersTable = env[tables.orders.envName];

const decodePaidOrder = itemDecoder(
  'order (ticker view)',
  z.object({
    orderId: z.string().min(1),
    sellerId: z.string().min(1),
    status: z.string(),
    paidAt: z.string().min(1).optional(),
    shippingAddress: z.object({ name: z.string() }),
    items: z.array(z.object({ productId: z.string().min(1), quantity: z.number().int().min(1), pool: z.object({ shards: z.number().int().min(1) }) })).min(1),
  }),
);

/** Statuses an order reaches only after being paid: a redelivered message for a shipped order still counts once. */
const PAID_OR_LATER = new Set(['PAID', 'FULFILMENT_REQUESTED', 'SHIPPED', 'DELIVERED']);

/**
 * The paid orders among `orderIds` (missing or unpaid ones are absent). The ticker shows the order's
 * first line (its product and quantity) and the masked first character of the shipping name.
 */
export async function paidOrders(orderIds: readonly string[]): Promise<TickerOrder[]> {
  if (orderIds.length === 0) return [];
  const raw = await batchGetItems(ordersTable, orderIds.map(orderKey));
  return raw
    .map(decodePaidOrder)
    .filter((order) => PAID_OR_LATER.has(order.status) && order.paidAt !== undefined)
    .map((order) => {
      const line = order.items[0]!;
      return {
        orderId: order.orderId,
        sellerId: order.sellerId,
        buyer: maskBuyer(order.shippingAddress.name),
        productId: line.productId,
        quantity: line.quantity,
        stockShards: line.pool.shards,
        paidAt: order.paidAt!,
      };
    });
}

const decodeLive = itemDecoder('seller live status (ticker view)', z.object({ live: z.boolean() }));
const decodeRoom = itemDecoder('seller channel (ticker view)', z.object({ chatRoomArn: z.string().min(1).optional() }));
const decodeUnsold = itemDecoder('stock shard (ticker view)', z.object({ unsold: z.number().int() }));

/** The seller's live status and chat room, in one BatchGetItem. */
export async function room(sellerId: string): Promise<{ live: boolean; chatRoomArn: string | undefined }> {
  const raw = await batchGetCatalog([sellerLiveKey(sellerId), channelKey(sellerId)]);
  const liveItem = raw.find((item) => item['sk'] === sellerLiveKey(sellerId).sk);
  const channelItem = raw.find((item) => item['sk'] === channelKey(sellerId).sk);
  return { live: liveItem ? decodeLive(liveItem).live : false, chatRoomArn: channelItem ? decodeRoom(channelItem).chatRoomArn : undefined };
}

/** The product's unsold units: the sum over its stock shards (flash set-asides included: they are unsold). */
export async function stockLeft(productId: string, shards: number): Promise<number> {
  const raw = await batchGetCatalog(Array.from({ length: shards }, (_, shard) => stockShardKey(productId, shard)));
  return raw.map(decodeUnsold).reduce((sum, shard) => sum + shard.unsold, 0);
}
