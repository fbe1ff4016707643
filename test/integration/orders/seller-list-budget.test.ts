import { BatchWriteCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Order, OrderStatus } from '../../../lambdas/orders/domain/order';
import { uniqueId } from '../../support/local-api';
import { documents, ordersTable } from './fixtures';

// After the fixtures: they point the store modules' SDK clients at the emulators.
const { documentClient } = await import('../../../lambdas/core/aws/dynamodb');
const { createOrderStore, orderToItem, SELLER_LIST_BUDGET } = await import('../../../lambdas/orders/store/order-store');
const { SELLER_INDEX_SHARDS } = await import('../../../lambdas/orders/model');

const ORDERS = 800;
const RARE_EVERY = 80; // 10 cancelled orders among 800 shipped ones

function order(sellerId: string, n: number): Order {
  // Far in the past (no report test reads 2003), one second apart: unique, ordered sort keys.
  const createdAt = new Date(Date.UTC(2003, 2, 3) + n * 1000).toISOString();
  const status: OrderStatus = n % RARE_EVERY === 7 ? 'CANCELLED' : 'SHIPPED';
  return {
    orderId: `${sellerId}-${String(n).padStart(4, '0')}`,
    buyerId: `buyer-${n % 13}`,
    sellerId,
    sellerCountyCode: '371721',
    status,
    items: [{ productId: 'P1', title: '芦笋', unitPriceFen: 100, quantity: 1, lineTotalFen: 100, pool: { kind: 'REGULAR', id: 'P1', shards: 1 }, takes: [{ shard: 0, quantity: 1 }] }],
    totalFen: 100,
    unitCount: 1,
    shippingAddress: { name: '李四', phone: '13800138000', countyCode: '110101', detail: '某街 1 号' },
    createdAt,
    updatedAt: createdAt,
    payBy: createdAt,
    history: [{ status, at: createdAt }],
    version: 1,
    idempotencyKey: `key-${n}`,
    requestHash: 'h',
  };
}

const sellerId = uniqueId('list-seller');
const all = Array.from({ length: ORDERS }, (_, n) => order(sellerId, n));
const newestFirst = (orders: Order[]) => orders.map((o) => o.orderId).reverse();

// Every Query the store sends, counted per request.
const send = vi.spyOn(documentClient, 'send');
const queriesSent = () => send.mock.calls.filter(([command]) => command instanceof QueryCommand).length;

beforeAll(async () => {
  // Written directly (no order starts as SHIPPED or CANCELLED through the API); puts (INSERT), never a MODIFY to PAID, so the outbox ignores them.
  for (let i = 0; i < all.length; i += 25) {
    await documents.send(
      new BatchWriteCommand({ RequestItems: { [ordersTable]: all.slice(i, i + 25).map((o) => ({ PutRequest: { Item: orderToItem(o) } })) } }),
    );
  }
});
afterAll(() => send.mockRestore());

async function pageThrough(store: ReturnType<typeof createOrderStore>, status: string | undefined, limit: number) {
  const ids: string[] = [];
  const queriesPerRequest: number[] = [];
  const pageSizes: number[] = [];
  let cursor: string | undefined;
  do {
    const before = queriesSent();
    const page = await store.listForSeller(sellerId, status, limit, cursor);
    queriesPerRequest.push(queriesSent() - before);
    pageSizes.push(page.items.length);
    ids.push(...page.items.map((o) => o.orderId));
    cursor = page.nextCursor ?? undefined;
  } while (cursor && queriesPerRequest.length < 500);
  return { ids, queriesPerRequest, pageSizes };
}

describe('GET /v1/seller/orders?status= with a rare status reads a bounded amount per request', () => {
  it('default budget: the whole list of a rare status, newest first, no duplicates, at most 2 Queries per shard per request', async () => {
    const store = createOrderStore({ orders: ordersTable });
    const { ids, queriesPerRequest } = await pageThrough(store, 'CANCELLED', 3);
    expect(ids).toEqual(newestFirst(all.filter((o) => o.status === 'CANCELLED')));
    expect(Math.max(...queriesPerRequest)).toBeLessThanOrEqual(SELLER_INDEX_SHARDS * SELLER_LIST_BUDGET.pagesPerShard);
  });

  it('a small budget: short (even empty) pages with cursors that resume every shard, complete and in order', async () => {
    const budget = { pagesPerShard: 2, filteredPageItems: 10 };
    const store = createOrderStore({ orders: ordersTable }, { sellerListBudget: budget });
    const { ids, queriesPerRequest, pageSizes } = await pageThrough(store, 'CANCELLED', 4);
    expect(ids).toEqual(newestFirst(all.filter((o) => o.status === 'CANCELLED')));
    expect(new Set(ids).size).toBe(ids.length);
    expect(Math.max(...queriesPerRequest)).toBeLessThanOrEqual(SELLER_INDEX_SHARDS * budget.pagesPerShard);
    // ~50 orders per shard, at most 20 evaluated per shard and request: the budget, not the data, ends each request.
    expect(queriesPerRequest.length).toBeGreaterThanOrEqual(3);
    expect(Math.min(...pageSizes)).toBeLessThan(4);
  });

  it('no filter: every order once, newest first, across full pages', async () => {
    const store = createOrderStore({ orders: ordersTable });
    const { ids, pageSizes, queriesPerRequest } = await pageThrough(store, undefined, 100);
    expect(ids).toEqual(newestFirst(all));
    expect(pageSizes.slice(0, 8)).toEqual(Array(8).fill(100));
    expect(Math.max(...queriesPerRequest)).toBeLessThanOrEqual(SELLER_INDEX_SHARDS * SELLER_LIST_BUDGET.pagesPerShard);
  });
});
