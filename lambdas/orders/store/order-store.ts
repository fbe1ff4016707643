import { GetCommand, QueryCommand, TransactWriteCommand, type QueryCommandInput, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { documentClient } from '../../core/aws/dynamodb';
import { keyedList, openCursor, sealCursor } from '../../core/http/cursor';
import { moveExpression, type ShardWrite } from '../../catalog/stock-moves';
import { stockShardKey } from '../../catalog/stock-shards';
import { orderTimer, type Order, type TransitionEffect, type Transition } from '../domain/order';
import { decodeBuyerLimitCounter, decodeOrder } from '../item-decoders';
import {
  buyerLimitKey,
  buyerListPk,
  dayIndexKeys,
  orderKey,
  orderListKeys,
  ORDER_ENTITY,
  SELLER_INDEX_SHARDS,
  sellerListPk,
  SHIPMENT_ENTITY,
  shipmentRequestKey,
  TIMER_INDEX_SHARDS,
  timerIndexKeys,
  timerIndexPk,
  timerIndexUpTo,
} from '../model';
import type { OrderPage, OrderShardWrite, OrderStore, PlaceOutcome, TransitionOutcome } from '../use-cases/ports';
import { classifyWriteError } from './dynamo-errors';
import { readShardedPage, type ShardRead, type ShardStart } from './sharded-page';

/** Table names. The catalog table is needed only by functions that move stock (place, cancel). */
export interface OrderTables {
  orders: string;
  catalog?: string;
}

function catalogTable(tables: OrderTables): string {
  if (!tables.catalog) throw new Error('This function was not given the catalog table: it may not move stock');
  return tables.catalog;
}

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** The order in a stored item: decoded (a malformed item is an error naming its key), storage attributes dropped. */
export const orderFromItem = (item: Record<string, unknown>): Order => decodeOrder(item);

/**
 * The index keys an order's state implies: the lists (fixed), the report day index once paid, and the
 * timer of the deadline it waits on (absent otherwise: the timer index is sparse).
 */
export function orderIndexAttributes(order: Order): Record<string, string> {
  const timer = orderTimer(order);
  return {
    ...orderListKeys(order),
    ...(order.paidAt !== undefined ? dayIndexKeys({ orderId: order.orderId, paidAt: order.paidAt }) : {}),
    ...(timer ? timerIndexKeys(order.orderId, timer) : {}),
  };
}

export function orderToItem(order: Order): Record<string, unknown> {
  return { ...orderKey(order.orderId), entityType: ORDER_ENTITY, ...orderIndexAttributes(order), ...order };
}

/** What a transition may change on the order item; everything else (lines, amounts, keys) is fixed at placing. */
const MUTABLE_FIELDS = ['status', 'history', 'updatedAt', 'version', 'payment', 'paidAt', 'refund', 'shipment'] as const satisfies readonly (keyof Order)[];
const TIMER_ATTRIBUTES = ['gsi4pk', 'gsi4sk'] as const;

const epochSeconds = (iso: string) => Math.floor(Date.parse(iso) / 1000);

/** A stock shard write (a move of catalog/stock-moves.ts) as a transaction item. */
export const shardWriteItem = (tables: OrderTables, write: ShardWrite): TransactItem => ({
  Update: { TableName: catalogTable(tables), Key: stockShardKey(write.productId, write.shard), ...moveExpression(write.move) },
});

function effectItems(tables: OrderTables, effect: TransitionEffect, order: Order): TransactItem[] {
  switch (effect.kind) {
    case 'moveStock':
      // Exactly once: these commit only together with the conditional order update.
      return effect.writes.map((write) => shardWriteItem(tables, write));
    case 'releaseBuyerLimit':
      // Decided from a read of the counter (it may be gone: TTL); the condition holds that read to the write.
      return [
        {
          Update: {
            TableName: tables.orders,
            Key: buyerLimitKey(effect.use.pinId, order.buyerId),
            UpdateExpression: 'ADD #units :release',
            ConditionExpression: 'attribute_exists(pk) AND #units >= :units',
            ExpressionAttributeNames: { '#units': 'units' },
            ExpressionAttributeValues: { ':release': -effect.use.units, ':units': effect.use.units },
          },
        },
      ];
    case 'recordShipmentRequest':
      return [
        {
          Put: {
            TableName: tables.orders,
            Item: { ...shipmentRequestKey(order.orderId), entityType: SHIPMENT_ENTITY, ...effect.request },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
      ];
    case 'closeShipmentRequest':
      return [
        {
          Update: {
            TableName: tables.orders,
            Key: shipmentRequestKey(order.orderId),
            UpdateExpression: 'SET #status = :status, updatedAt = :at',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':status': effect.status, ':at': effect.at },
          },
        },
      ];
  }
}

type PlaceRole = { role: 'stock'; line: number } | { role: 'order' } | { role: 'limit' };

export function placeTransaction(tables: OrderTables, order: Order, stock: readonly OrderShardWrite[]): { input: TransactWriteCommandInput; roles: PlaceRole[] } {
  const items: TransactItem[] = stock.map((write) => shardWriteItem(tables, write));
  const roles: PlaceRole[] = stock.map((write) => ({ role: 'stock', line: write.line }));
  items.push({ Put: { TableName: tables.orders, Item: orderToItem(order), ConditionExpression: 'attribute_not_exists(pk)' } });
  roles.push({ role: 'order' });
  if (order.buyerLimit) {
    const limit = order.buyerLimit;
    items.push({
      Update: {
        TableName: tables.orders,
        Key: buyerLimitKey(limit.pinId, order.buyerId),
        UpdateExpression: 'ADD #units :units SET expiresAt = if_not_exists(expiresAt, :expiresAt)',
        ConditionExpression: 'attribute_not_exists(#units) OR #units <= :headroom',
        ExpressionAttributeNames: { '#units': 'units' },
        ExpressionAttributeValues: { ':units': limit.units, ':headroom': limit.limit - limit.units, ':expiresAt': epochSeconds(limit.expiresAt) },
      },
    });
    roles.push({ role: 'limit' });
  }
  return { input: { TransactItems: items }, roles };
}

export function transitionTransaction(tables: OrderTables, current: Order, transition: Transition): TransactWriteCommandInput {
  const { next } = transition;
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = { ':current': current.version };
  const sets: string[] = [];
  const removes: string[] = [];
  const set = (name: string, value: unknown) => {
    names[`#${name}`] = name;
    values[`:${name}`] = value;
    sets.push(`#${name} = :${name}`);
  };
  for (const field of MUTABLE_FIELDS) if (next[field] !== undefined) set(field, next[field]);
  // The index keys follow the state: the day index entry appears with paidAt, the timer moves or goes.
  const indexes = orderIndexAttributes(next);
  for (const [name, value] of Object.entries(indexes)) if (name.startsWith('gsi3') || name.startsWith('gsi4')) set(name, value);
  for (const name of TIMER_ATTRIBUTES) {
    if (indexes[name] === undefined) {
      names[`#${name}`] = name;
      removes.push(`#${name}`);
    }
  }
  names['#version'] = 'version';
  const update = `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`;
  const items: TransactItem[] = [
    {
      Update: {
        TableName: tables.orders,
        Key: orderKey(current.orderId),
        UpdateExpression: update,
        ConditionExpression: '#version = :current',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      },
    },
    ...transition.effects.flatMap((effect) => effectItems(tables, effect, current)),
  ];
  return { TransactItems: items };
}

const timerEntry = z.object({ orderId: z.string().min(1) });

const buyerList = keyedList('orders:buyer', ['pk', 'sk', 'gsi1pk', 'gsi1sk']);

/**
 * What one seller-list request may read: at most `pagesPerShard` Query pages per shard (so at most
 * SELLER_INDEX_SHARDS x pagesPerShard Queries), each of `limit + 1` items, or of `filteredPageItems`
 * items under a status filter (DynamoDB's Limit counts items before the filter).
 */
export interface SellerListBudget {
  pagesPerShard: number;
  filteredPageItems: number;
}
export const SELLER_LIST_BUDGET: SellerListBudget = { pagesPerShard: 2, filteredPageItems: 100 };

const SELLER_LIST = 'orders:seller';
// Per shard: null (done), or the bound its next read starts from ('<' below a sort key, '<=' at or below one).
const sellerListPosition = z
  .array(z.union([z.null(), z.tuple([z.enum(['<', '<=']), z.string().min(1).max(200)])]))
  .length(SELLER_INDEX_SHARDS);
type SellerListPosition = z.infer<typeof sellerListPosition>;

const toPosition = (starts: readonly ShardStart[]): SellerListPosition =>
  starts.map((start) => (start.kind === 'below' ? ['<', start.sk] : start.kind === 'atOrBelow' ? ['<=', start.sk] : null));
const fromPosition = (position: SellerListPosition): ShardStart[] =>
  position.map((entry) => (entry === null ? { kind: 'done' } : entry[0] === '<' ? { kind: 'below', sk: entry[1] } : { kind: 'atOrBelow', sk: entry[1] }));

export function createOrderStore(tables: OrderTables, options: { sellerListBudget?: SellerListBudget } = {}): OrderStore {
  const sellerListBudget = options.sellerListBudget ?? SELLER_LIST_BUDGET;

  async function queryPage(input: Omit<QueryCommandInput, 'TableName'>) {
    return documentClient.send(new QueryCommand({ ...input, TableName: tables.orders }));
  }

  return {
    async place(order, stock): Promise<PlaceOutcome> {
      const { input, roles } = placeTransaction(tables, order, stock);
      try {
        await documentClient.send(new TransactWriteCommand(input));
        return { kind: 'placed' };
      } catch (error) {
        const failure = classifyWriteError(error);
        if (!failure) throw error;
        if (failure.kind !== 'conditionFailed') return failure;
        const failed = failure.failedItems.map((index) => roles[index]);
        if (failed.some((r) => r?.role === 'order')) return { kind: 'exists' };
        const lines = [...new Set(failed.flatMap((r) => (r?.role === 'stock' ? [r.line] : [])))];
        if (lines.length) return { kind: 'stockShort', lines };
        if (failed.some((r) => r?.role === 'limit')) return { kind: 'limitExceeded' };
        throw error;
      }
    },

    async get(orderId) {
      const { Item } = await documentClient.send(new GetCommand({ TableName: tables.orders, Key: orderKey(orderId), ConsistentRead: true }));
      return Item ? orderFromItem(Item) : undefined;
    },

    async apply(current, transition): Promise<TransitionOutcome> {
      try {
        await documentClient.send(new TransactWriteCommand(transitionTransaction(tables, current, transition)));
        return { kind: 'applied' };
      } catch (error) {
        const failure = classifyWriteError(error);
        if (!failure) throw error;
        if (failure.kind === 'conditionFailed') {
          // The order moved on (item 0), or a shard or the buyer's counter changed since they were read
          // (a pin released its set-aside, TTL removed the counter): read again and decide again.
          return failure.failedItems.includes(0) ? { kind: 'stale' } : { kind: 'contention' };
        }
        return failure;
      }
    },

    async buyerLimitUnits(pinId, buyerId) {
      const { Item } = await documentClient.send(new GetCommand({ TableName: tables.orders, Key: buyerLimitKey(pinId, buyerId), ConsistentRead: true }));
      return Item ? decodeBuyerLimitCounter(Item).units : undefined;
    },

    async dueOrders(kind, at, limitPerShard) {
      const perShard = await Promise.all(
        Array.from({ length: TIMER_INDEX_SHARDS }, async (_, shard) => {
          const ids: string[] = [];
          let start: Record<string, unknown> | undefined;
          do {
            const page = await queryPage({
              IndexName: 'gsi4',
              KeyConditionExpression: 'gsi4pk = :pk AND gsi4sk <= :upTo',
              ExpressionAttributeValues: { ':pk': timerIndexPk(kind, shard), ':upTo': timerIndexUpTo(at) },
              Limit: limitPerShard - ids.length,
              ExclusiveStartKey: start,
            });
            for (const item of page.Items ?? []) ids.push(timerEntry.parse(item).orderId);
            start = page.LastEvaluatedKey;
          } while (start && ids.length < limitPerShard);
          return ids;
        }),
      );
      return perShard.flat();
    },

    async listForBuyer(buyerId, limit, cursor): Promise<OrderPage> {
      const pk = buyerListPk(buyerId);
      const result = await queryPage({
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': pk },
        ScanIndexForward: false,
        Limit: limit,
        ExclusiveStartKey: buyerList.decode({ gsi1pk: pk }, cursor),
      });
      return { items: (result.Items ?? []).map(orderFromItem), nextCursor: buyerList.encode({ gsi1pk: pk }, result.LastEvaluatedKey) };
    },

    async listForSeller(sellerId, status, limit, cursor): Promise<OrderPage> {
      // The seller list is sharded (see model.ts): every shard is read newest first from where the cursor
      // left it, within the read budget, and the reads are merged (sharded-page.ts). A rare status may
      // give a short or even empty page with a cursor; the reads of one request stay bounded either way.
      const scope = { seller: sellerId, status: status ?? '' };
      const position = openCursor(SELLER_LIST, scope, cursor, sellerListPosition);
      const starts: ShardStart[] = position ? fromPosition(position) : Array.from({ length: SELLER_INDEX_SHARDS }, () => ({ kind: 'top' }));
      const pageItems = status ? Math.max(limit + 1, sellerListBudget.filteredPageItems) : limit + 1;

      const readPage = async (shard: number, start: ShardStart): Promise<ShardRead<Record<string, unknown>>> => {
        const bounded = start.kind === 'below' || start.kind === 'atOrBelow';
        const result = await queryPage({
          IndexName: 'gsi2',
          KeyConditionExpression: `gsi2pk = :pk${start.kind === 'below' ? ' AND gsi2sk < :bound' : start.kind === 'atOrBelow' ? ' AND gsi2sk <= :bound' : ''}`,
          ...(status ? { FilterExpression: '#status = :status', ExpressionAttributeNames: { '#status': 'status' } } : {}),
          ExpressionAttributeValues: {
            ':pk': sellerListPk(sellerId, shard),
            ...(bounded ? { ':bound': start.sk } : {}),
            ...(status ? { ':status': status } : {}),
          },
          ScanIndexForward: false,
          Limit: pageItems,
        });
        return {
          matches: (result.Items ?? []).map((item) => ({ sk: String(item.gsi2sk), item })),
          lastEvaluated: result.LastEvaluatedKey ? String(result.LastEvaluatedKey.gsi2sk) : undefined,
        };
      };

      const page = await readShardedPage({ starts, limit, pagesPerShard: sellerListBudget.pagesPerShard, readPage });
      return { items: page.items.map(orderFromItem), nextCursor: page.next ? sealCursor(SELLER_LIST, scope, toPosition(page.next)) : null };
    },
  };
}
