import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createProductRoute, patchProductRoute, putProfileRoute } from '../../lambdas/catalog/routes';
import { createChatBanRoute, putChatSettingsRoute } from '../../lambdas/chat/routes';
import { placeOrderRoute, shipOrderRoute } from '../../lambdas/orders/routes';
import { httpEvent, invoke, type HttpEventOptions } from '../support/lambda-http';
import type { AnyRoute } from '../../lambdas/core/http/route';

vi.hoisted(() => {
  Object.assign(process.env, {
    CHAT_REVIEW_FUNCTION_ARN: 'arn:aws:lambda:us-east-1:123456789012:function:village-live-test-chat-review',
    CHAT_FALLBACK_RESULT: 'DENY',
    CHAT_MAX_MESSAGE_LENGTH: '200',
    CHAT_MAX_MESSAGE_RATE: '10',
    CHAT_TOKEN_SESSION_MINUTES: '60',
  });
});

const handlers = {
  putProfile: (await import('../../lambdas/catalog/handlers/put-profile')).handler,
  createProduct: (await import('../../lambdas/catalog/handlers/create-product')).handler,
  patchProduct: (await import('../../lambdas/catalog/handlers/patch-product')).handler,
  placeOrder: (await import('../../lambdas/orders/handlers/place-order')).handler,
  shipOrder: (await import('../../lambdas/orders/handlers/ship-order')).handler,
  putChatSettings: (await import('../../lambdas/chat/handlers/put-settings')).handler,
  createBan: (await import('../../lambdas/chat/handlers/create-ban')).handler,
};

// Every request must be refused at the edge: nothing may reach DynamoDB.
const ddb = mockClient(DynamoDBDocumentClient);
beforeEach(() => ddb.reset());

const RLO = '\u202E';
const ZWSP = '\u200B';
const NUL = '\u0000';

async function expectRefused(handler: (event: any, context: any) => Promise<unknown>, route: AnyRoute, options: HttpEventOptions, path: string) {
  const response = await invoke(handler, httpEvent(route, options));
  expect(response.status).toBe(400);
  expect(response.body.error.code).toBe('VALIDATION_FAILED');
  expect(response.body.error.details).toEqual([{ path, message: expect.stringMatching(/Cc\/Cf/) }]);
  expect(ddb.calls()).toHaveLength(0);
}

describe('catalog: typed text with control or format characters is 400 with its path', () => {
  const profile = { displayName: '张大爷', countyCode: '371721', village: '青固集村' };

  it('a bidi override in the profile display name', () =>
    expectRefused(handlers.putProfile, putProfileRoute, { body: { ...profile, displayName: `张大爷${RLO}gnp.exe` } }, 'body.displayName'));

  it('a zero-width space in the village', () => expectRefused(handlers.putProfile, putProfileRoute, { body: { ...profile, village: `青固${ZWSP}集村` } }, 'body.village'));

  it('a NUL in a new product description', () =>
    expectRefused(
      handlers.createProduct,
      createProductRoute,
      { body: { title: '西瓜', description: `甜${NUL}`, unit: 'jin', priceFen: 350, stock: 10 } },
      'body.description',
    ));

  it('a bidi override in a patched title', () =>
    expectRefused(handlers.patchProduct, patchProductRoute, { body: { title: `西瓜${RLO}` }, pathParameters: { productId: '01JABCDEFGHJKMNPQRSTVWXYZ1' } }, 'body.title'));
});

describe('orders: typed text with control or format characters is 400 with its path', () => {
  const order = {
    sellerId: 'zhang',
    items: [{ productId: 'P1', quantity: 1 }],
    shippingAddress: { name: '李四', phone: '13800138000', countyCode: '110101', detail: '某街 1 号' },
  };
  const buyer = { sub: 'li', groups: ['buyers' as const], headers: { 'idempotency-key': 'text-field-0001' } };

  it('a NUL in the shipping address detail', () =>
    expectRefused(
      handlers.placeOrder,
      placeOrderRoute,
      { ...buyer, body: { ...order, shippingAddress: { ...order.shippingAddress, detail: `某街${NUL}1 号` } } },
      'body.shippingAddress.detail',
    ));

  it('a zero-width space in the note', () => expectRefused(handlers.placeOrder, placeOrderRoute, { ...buyer, body: { ...order, note: `尽快${ZWSP}` } }, 'body.note'));

  it('a bidi override in the tracking number', () =>
    expectRefused(
      handlers.shipOrder,
      shipOrderRoute,
      { body: { carrier: '顺丰', trackingNumber: `SF${RLO}123` }, pathParameters: { orderId: 'O1' } },
      'body.trackingNumber',
    ));
});

describe('chat: typed text with control or format characters is 400 with its path', () => {
  it('a bidi override in a ban reason', () =>
    expectRefused(handlers.createBan, createChatBanRoute, { body: { userId: 'troll', reason: `spam${RLO}` } }, 'body.reason'));

  it('a zero-width space inside one blocked term names that term', () =>
    expectRefused(
      handlers.putChatSettings,
      putChatSettingsRoute,
      { body: { blockedTerms: ['微信', `加${ZWSP}我`], slowModeSeconds: 0, maskContacts: true } },
      'body.blockedTerms.1',
    ));
});
