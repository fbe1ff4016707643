/**
 * What one order costs in DynamoDB units, counted from the code that writes it: a representative order
 * is built by the order use case's own `buildOrder`, turned into its item by `orderToItem`, moved to
 * FULFILMENT_REQUESTED by the domain's `requestFulfilment` and the store's `transitionTransaction`, and
 * every item's size is measured with DynamoDB's sizing rules. Index writes follow lib/topology.ts
 * (which index each item lands in, and what it projects). Used by bench/capacity.ts and bench/cost.ts.
 */
import { newShardItem } from '../lambdas/catalog/stock-shards';
import { attachPayment, markPaid, type Order, requestFulfilment } from '../lambdas/orders/domain/order';
import { orderToItem, transitionTransaction } from '../lambdas/orders/store/order-store';
import { buildOrder } from '../lambdas/orders/use-cases/place-order';
import { tables } from '../lib/topology';
import { readUnits, writeUnits } from './capacity/formulas';

/** DynamoDB's item size: attribute names (UTF-8) plus values; numbers ~1 byte per 2 digits + 1; maps/lists 3 bytes + 1 per element. */
export function dynamoItemBytes(value: unknown): number {
  if (value === null || value === undefined || typeof value === 'boolean') return 1;
  if (typeof value === 'string') return Buffer.byteLength(value, 'utf8');
  if (typeof value === 'number') return Math.ceil(String(Math.abs(value)).replace(/[.-]/g, '').length / 2) + 1;
  if (Array.isArray(value)) return 3 + value.reduce((sum: number, element) => sum + 1 + dynamoItemBytes(element), 0);
  if (typeof value === 'object') {
    return (value === null ? 0 : 3) + Object.entries(value).reduce((sum, [name, element]) => sum + Buffer.byteLength(name, 'utf8') + 1 + dynamoItemBytes(element), 0);
  }
  return 0;
}

/** The top-level item size (no map overhead for the item itself). */
const itemBytes = (item: Record<string, unknown>) => dynamoItemBytes(item) - 3;

const now = '2026-06-01T12:00:00.000Z';

/** A representative order: one line, a Chinese shipping address, the real key and index attributes. */
export function representativeOrder(): Order {
  const request = {
    sellerId: '01JX0SELLER00000000000000A',
    items: [{ productId: '01JX0PRODUCT0000000000000A', quantity: 2 }],
    shippingAddress: { name: '张三', phone: '13800138000', countyCode: '371721', detail: '山东省菏泽市曹县青菏街道某某路 18 号 3 单元 502 室' },
  };
  return buildOrder({
    orderId: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
    buyerId: 'buyer-7f3c9a2e-4b1d-4c8e-9a6f-2d5e8b1c3a7f',
    idempotencyKey: '6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f',
    hash: 'f'.repeat(64),
    request,
    sellerCountyCode: '371721',
    now,
    lines: [{ productId: request.items[0]!.productId, title: '曹县新鲜黄桃 5 斤装 产地直发', quantity: 2, unitPriceFen: 3990, lineTotalFen: 7980, pool: { kind: 'REGULAR', id: request.items[0]!.productId, shards: 16 } }],
    takes: [[{ shard: 3, quantity: 2 }]],
    buyerLimit: undefined,
  });
}

interface IndexDeclaration {
  readonly name: string;
  readonly partitionKey: string;
  readonly sortKey: string;
  readonly projection: 'ALL' | readonly string[];
}

/** Write units of the index entries an item has (standard writes: index upkeep is not transactional). */
function indexWriteUnits(item: Record<string, unknown>, indexes: readonly IndexDeclaration[]): { name: string; units: number }[] {
  return indexes
    .filter((index) => item[index.partitionKey] !== undefined)
    .map((index) => {
      const projected =
        index.projection === 'ALL'
          ? item
          : Object.fromEntries(Object.entries(item).filter(([name]) => ['pk', 'sk', index.partitionKey, index.sortKey, ...index.projection].includes(name)));
      return { name: index.name, units: writeUnits(itemBytes(projected), false) };
    });
}

export interface OrderPathUnits {
  itemBytes: { order: number; orderAfterFulfilment: number; stockShard: number; shipmentRequest: number };
  placement: { catalogWriteUnits: number; ordersTableWriteUnits: number; ordersIndexWriteUnits: number; indexWrites: { name: string; units: number }[] };
  /** Opening the payment and the PAID transition (the provider's notification). */
  payment: { ordersTableWriteUnits: number; ordersIndexWriteUnits: number };
  fulfilment: { ordersReadUnits: number; ordersTableWriteUnits: number; ordersIndexWriteUnits: number };
  /** Report day-index read units per order (eventually consistent Query over the projected attributes). */
  reportReadUnits: number;
  /** Stream records the order produces (insert, payment opened, PAID, fulfilment); the outbox filter passes 1. */
  streamRecords: number;
  pipeEventsAfterFilter: number;
  /** SQS requests: the Pipe's send, and the event source's receive + delete per batch of 10. */
  sqsRequests: number;
  totals: { writeUnits: number; readUnits: number };
}

/** Counts one order's DynamoDB units from the order's real items (see the module comment). */
export function orderPathUnits(fulfilmentBatchSize = 10): OrderPathUnits {
  const order = representativeOrder();
  const placed = orderToItem(order);
  // The buyer opens the payment, the provider's notification marks it PAID, then the worker fulfils it.
  const payment = { paymentId: `VLP${order.orderId}`, provider: 'alipay' as const, amountFen: order.totalFen, payUrl: 'https://openapi.alipay.com/gateway.do?x', expiresAt: order.payBy, createdAt: '2026-06-01T12:00:00.500Z' };
  const opened = attachPayment(order, payment).next;
  const paid = markPaid(opened, '2026-06-01T12:00:00.800Z', '2026-06-01T12:00:00.900Z').next;
  const openedItem = orderToItem(opened);
  const paidItem = orderToItem(paid);
  const transition = requestFulfilment(paid, '2026-06-01T12:00:01.000Z');
  const fulfilled = orderToItem(transition.next);
  const shard = newShardItem({ productId: order.items[0]!.productId, status: 'ACTIVE', priceFen: 3990 }, 3, 500);
  const fulfilmentTx = transitionTransaction({ orders: 'orders', catalog: 'catalog' }, paid, transition);
  const shipmentPut = fulfilmentTx.TransactItems?.find((item) => item.Put)?.Put?.Item ?? {};

  const orderBytes = itemBytes(placed);
  const openedBytes = itemBytes(openedItem);
  const paidBytes = itemBytes(paidItem);
  const afterBytes = itemBytes(fulfilled);
  const shardBytes = itemBytes(shard as unknown as Record<string, unknown>);
  const shipmentBytes = itemBytes(shipmentPut);

  const indexes = tables.orders.indexes as readonly IndexDeclaration[];
  const placementIndex = indexWriteUnits(placed, indexes);
  // An update rewrites each index entry whose projected attributes changed (status, history, …): all three here.
  const fulfilmentIndex = indexWriteUnits(fulfilled, indexes);
  const gsi3 = indexes.find((index) => index.name === 'gsi3');
  const gsi3Bytes = gsi3 && gsi3.projection !== 'ALL' ? itemBytes(Object.fromEntries(Object.entries(paidItem).filter(([name]) => ['pk', 'sk', gsi3.partitionKey, gsi3.sortKey, ...gsi3.projection].includes(name)))) : orderBytes;

  // Each lifecycle write is a conditional update billed on the larger of the item before and after.
  const paymentStage = {
    ordersTableWriteUnits: writeUnits(Math.max(orderBytes, openedBytes), true) + writeUnits(Math.max(openedBytes, paidBytes), true),
    ordersIndexWriteUnits: [...indexWriteUnits(openedItem, indexes), ...indexWriteUnits(paidItem, indexes)].reduce((sum, index) => sum + index.units, 0),
  };
  const placement = {
    catalogWriteUnits: writeUnits(shardBytes, true),
    ordersTableWriteUnits: writeUnits(orderBytes, true),
    ordersIndexWriteUnits: placementIndex.reduce((sum, index) => sum + index.units, 0),
    indexWrites: placementIndex,
  };
  const fulfilment = {
    ordersReadUnits: readUnits(afterBytes, 'strong'),
    // The update is billed on the larger of the item before and after; the shipment request is a put.
    ordersTableWriteUnits: writeUnits(Math.max(paidBytes, afterBytes), true) + writeUnits(shipmentBytes, true),
    ordersIndexWriteUnits: fulfilmentIndex.reduce((sum, index) => sum + index.units, 0),
  };
  const reportReadUnits = gsi3Bytes / 4096 / 2;
  return {
    itemBytes: { order: orderBytes, orderAfterFulfilment: afterBytes, stockShard: shardBytes, shipmentRequest: shipmentBytes },
    placement,
    payment: paymentStage,
    fulfilment,
    reportReadUnits,
    streamRecords: 4,
    pipeEventsAfterFilter: 1,
    sqsRequests: 1 + 2 / fulfilmentBatchSize,
    totals: {
      writeUnits:
        placement.catalogWriteUnits +
        placement.ordersTableWriteUnits +
        placement.ordersIndexWriteUnits +
        paymentStage.ordersTableWriteUnits +
        paymentStage.ordersIndexWriteUnits +
        fulfilment.ordersTableWriteUnits +
        fulfilment.ordersIndexWriteUnits,
      readUnits: fulfilment.ordersReadUnits + reportReadUnits,
    },
  };
}
