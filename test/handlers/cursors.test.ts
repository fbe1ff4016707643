import { BatchGetCommand, DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { chatBanKey, productKey, sellerLiveKey } from '../../lambdas/catalog/model';
import { listLiveRoute, listSellerProductsRoute } from '../../lambdas/catalog/routes';
import { listChatBansRoute } from '../../lambdas/chat/routes';
import type { AnyRoute, UserGroup } from '../../lambdas/core/http/route';
import type { Order } from '../../lambdas/orders/domain/order';
import { listOrdersRoute, listSellerOrdersRoute } from '../../lambdas/orders/routes';
import { orderToItem } from '../../lambdas/orders/store/order-store';
import { httpEvent, invoke } from '../support/lambda-http';

vi.hoisted(() => {
  Object.assign(process.env, { CHAT_TOKEN_SESSION_MINUTES: '60' });
});

const handlers = {
  bans: (await import('../../lambdas/chat/handlers/list-bans')).handler,
  products: (await import('../../lambdas/catalog/handlers/list-seller-products')).handler,
  live: (await import('../../lambdas/catalog/handlers/list-live')).handler,
  buyerOrders: (await import('../../lambdas/orders/handlers/list-orders')).handler,
  sellerOrders: (await import('../../lambdas/orders/handlers/list-seller-orders')).handler,
};

const ddb = mockClient(DynamoDBDocumentClient);
const at = '2026-06-01T00:00:00.000Z';

const order = (orderId: string, buyerId = 'li', sellerId = 'zhang'): Order => ({
  orderId,
  buyerId,
  sellerId,
  sellerCountyCode: '371721',
  status: 'PENDING_PAYMENT',
  items: [{ productId: 'P1', title: '芦笋', unitPriceFen: 100, quantity: 1, lineTotalFen: 100, pool: { kind: 'REGULAR', id: 'P1', shards: 1 }, takes: [{ shard: 0, quantity: 1 }] }],
  totalFen: 100,
  unitCount: 1,
  shippingAddress: { name: '李四', phone: '13800138000', countyCode: '110101', detail: '某街 1 号' },
  createdAt: at,
  updatedAt: at,
  payBy: '2026-06-01T00:15:00.000Z',
  history: [{ status: 'PENDING_PAYMENT', at }],
  version: 1,
  idempotencyKey: `key-${orderId}`,
  requestHash: 'h',
});

/** Each list route, called by `sub`, answering one item and a cursor from its mocked Query. */
interface ListCase {
  route: AnyRoute;
  handler: (event: any, context: any) => Promise<unknown>;
  groups: UserGroup[];
  items: (sub: string) => Record<string, unknown>[];
}

const lists: Record<string, ListCase> = {
  'GET /v1/seller/chat/bans': {
    route: listChatBansRoute,
    handler: handlers.bans,
    groups: ['sellers'],
    items: (sub) =>
      ['a', 'b'].map((userId) => ({ ...chatBanKey(sub, userId), sellerId: sub, userId, until: null, reason: null, createdAt: at })),
  },
  'GET /v1/seller/products': {
    route: listSellerProductsRoute,
    handler: handlers.products,
    groups: ['sellers'],
    items: (sub) =>
      ['01JABCDEFGHJKMNPQRSTVWXYZ1', '01JABCDEFGHJKMNPQRSTVWXYZ2'].map((productId) => ({
        ...productKey(sub, productId),
        productId,
        sellerId: sub,
        title: '西瓜',
        unit: 'jin',
        priceFen: 350,
        status: 'ACTIVE',
        stockShards: 1,
        createdAt: at,
        updatedAt: at,
      })),
  },
  'GET /v1/live': {
    route: listLiveRoute,
    handler: handlers.live,
    groups: ['buyers'],
    items: () =>
      ['wang', 'zhao'].map((sellerId) => ({
        ...sellerLiveKey(sellerId),
        gsi1pk: 'LIVE',
        gsi1sk: `${at}#${sellerId}`,
        gsi2pk: 'LIVE#371721',
        gsi2sk: `${at}#${sellerId}`,
        live: true,
        channelArn: `arn:aws:ivs:us-east-1:123456789012:channel/${sellerId}`,
        stateVersion: `${at}#0`,
        streamId: 'st-1',
        startedAt: at,
        updatedAt: at,
        sellerId,
        countyCode: '371721',
        displayName: sellerId,
        playbackUrl: 'https://p.m3u8',
      })),
  },
  'GET /v1/orders': {
    route: listOrdersRoute,
    handler: handlers.buyerOrders,
    groups: ['buyers'],
    items: (sub) => [orderToItem(order(`O-${sub}-1`, sub))],
  },
  'GET /v1/seller/orders': {
    route: listSellerOrdersRoute,
    handler: handlers.sellerOrders,
    groups: ['sellers'],
    items: (sub) => [orderToItem(order(`O-${sub}-1`, 'li', sub))],
  },
};

/** Mocks a Query page of `items` (with a LastEvaluatedKey: the partition goes on) and calls the list. */
async function callList(list: ListCase, sub: string, query: Record<string, string> = {}) {
  const items = list.items(sub);
  const last = items.at(-1)!;
  ddb.on(QueryCommand).callsFake((input: { IndexName?: string }) => {
    const index = input.IndexName;
    const names = ['pk', 'sk', ...(index ? [`${index}pk`, `${index}sk`] : [])];
    return { Items: items, LastEvaluatedKey: Object.fromEntries(names.map((name) => [name, last[name]])) };
  });
  return invoke(list.handler, httpEvent(list.route, { sub, groups: list.groups, query: { limit: '1', ...query } }));
}

/** The cursor with its position edited and re-encoded, its signature (if any) kept as it was. */
const editPayload = (cursor: string, edit: (position: any) => unknown) => {
  const [payload, ...signature] = cursor.split('.');
  const position = JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8'));
  return [Buffer.from(JSON.stringify(edit(position))).toString('base64url'), ...signature].join('.');
};

beforeEach(() => {
  ddb.reset();
  ddb.on(BatchGetCommand).resolves({ Responses: {} });
});

describe.each(Object.entries(lists))('%s: every cursor the server did not issue to this caller for this list is 400', (_, list) => {
  const expect400 = async (cursor: string) => {
    ddb.resetHistory();
    const response = await invoke(list.handler, httpEvent(list.route, { sub: 'zhang', groups: list.groups, query: { cursor } }));
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path: 'query.cursor' }] });
    expect(ddb.commandCalls(QueryCommand)).toHaveLength(0);
  };

  it('issues a cursor that the same caller can follow', async () => {
    const first = await callList(list, 'zhang');
    expect(first.status).toBe(200);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await invoke(list.handler, httpEvent(list.route, { sub: 'zhang', groups: list.groups, query: { cursor: first.body.nextCursor } }));
    expect(second.status).toBe(200);
  });

  it('tampered: a position edited inside the caller’s own scope', async () => {
    const cursor = (await callList(list, 'zhang')).body.nextCursor as string;
    await expect400(
      editPayload(cursor, (position) =>
        Array.isArray(position) ? position.map((entry) => (entry ? [entry[0], `${entry[1]}0`] : entry)) : { ...position, sk: `${position.sk}0` },
      ),
    );
  });

  it('truncated', async () => {
    const cursor = (await callList(list, 'zhang')).body.nextCursor as string;
    await expect400(cursor.slice(0, -3));
    await expect400(cursor.slice(3));
  });

  it('an extra field or a wrongly typed one', async () => {
    const cursor = (await callList(list, 'zhang')).body.nextCursor as string;
    await expect400(editPayload(cursor, (position) => (Array.isArray(position) ? [...position, null] : { ...position, extra: 'x' })));
    await expect400(editPayload(cursor, (position) => (Array.isArray(position) ? position.map(() => 7) : { ...position, sk: 7 })));
  });

  it('issued to another caller (the live list: for another county)', async () => {
    const foreign =
      list.route === listLiveRoute
        ? await callList(list, 'zhang', { countyCode: '371721' })
        : await callList(list, 'wang');
    await expect400(foreign.body.nextCursor);
  });
});

describe('a cursor of one list is refused by every other list', () => {
  const names = Object.keys(lists);
  it.each(names.flatMap((from) => names.filter((to) => to !== from).map((to) => [from, to] as const)))('%s → %s', async (from, to) => {
    const cursor = (await callList(lists[from]!, 'zhang')).body.nextCursor as string;
    ddb.resetHistory();
    const target = lists[to]!;
    const response = await invoke(target.handler, httpEvent(target.route, { sub: 'zhang', groups: target.groups, query: { cursor } }));
    expect(response.status).toBe(400);
    expect(ddb.commandCalls(QueryCommand)).toHaveLength(0);
  });
});
