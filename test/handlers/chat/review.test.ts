import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { chatRoomLookupKey, chatSettingsKey } from '../../../lambdas/catalog/model';
import { tables } from '../../../lib/topology';
import { handler, SETTINGS_TTL_MS } from '../../../lambdas/chat/handlers/review';
import { DynamoDbError, type AttributeMap, type GetItemInput, type PutItemInput } from '../../../lambdas/chat/review/dynamodb-lite';
import { newRoom, reviewEvent } from './review-events';

/**
 * The real review handler module (module-scope store client and caches, the real store adapter) with
 * the review path's DynamoDB client (review/dynamodb-lite.ts) replaced by mocks: the decisions, without
 * network timing. review-http.test.ts runs the same handler against a DynamoDB stand-in over HTTP.
 * Each test uses its own room, so the module's caches do not carry over between tests.
 */
const dynamo = vi.hoisted(() => ({
  getItem: vi.fn<(input: GetItemInput, signal?: AbortSignal) => Promise<AttributeMap | undefined>>(),
  putItem: vi.fn<(input: PutItemInput, signal?: AbortSignal) => Promise<void>>(),
}));
vi.mock('../../../lambdas/chat/review/dynamodb-lite', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../../lambdas/chat/review/dynamodb-lite')>()),
  createDynamoDbLite: () => dynamo,
}));

const never = () => new Promise<never>(() => {});

const event = reviewEvent;

/** What the table holds, in DynamoDB JSON, by `pk|sk`; GetItem reads it. */
const items = new Map<string, AttributeMap>();
const itemKey = (key: { pk: string; sk: string }) => `${key.pk}|${key.sk}`;
const keyOf = (input: GetItemInput) => `${(input.Key.pk as { S: string }).S}|${(input.Key.sk as { S: string }).S}`;

function storeHas(roomArn: string, sellerId: string, settings: { blockedTerms: string[]; slowModeSeconds?: number; maskContacts?: boolean; version: string }) {
  items.set(itemKey(chatRoomLookupKey(roomArn)), { sellerId: { S: sellerId } });
  items.set(itemKey(chatSettingsKey(sellerId)), {
    blockedTerms: { L: settings.blockedTerms.map((S) => ({ S })) },
    slowModeSeconds: { N: String(settings.slowModeSeconds ?? 0) },
    maskContacts: { BOOL: settings.maskContacts ?? true },
    version: { S: settings.version },
  });
}

const isValidResponse = (response: unknown) => {
  const r = response as { ReviewResult?: unknown; Content?: unknown; Attributes?: Record<string, unknown> };
  return (
    (r.ReviewResult === 'ALLOW' || r.ReviewResult === 'DENY') &&
    typeof r.Content === 'string' &&
    (r.ReviewResult === 'DENY' || (r.Content as string).length > 0) &&
    Object.values(r.Attributes ?? {}).every((value) => typeof value === 'string')
  );
};

beforeEach(() => {
  items.clear();
  dynamo.getItem.mockReset().mockImplementation(async (input) => items.get(keyOf(input)));
  dynamo.putItem.mockReset().mockResolvedValue(undefined);
  vi.spyOn(console, 'warn').mockImplementation(() => undefined);
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('chat review handler', () => {
  it.each([
    ['nothing', undefined],
    ['null', null],
    ['a string', 'hello'],
    ['an array', [1, 2]],
    ['an empty object', {}],
    ['a numeric Content', { Content: 42, RoomArn: 'arn:aws:ivschat:us-east-1:123456789012:room/x' }],
    ['no room, no sender', { Content: '还有货吗' }],
    ['a bad Sender', { Content: '还有货吗', RoomArn: 12, Sender: 'buyer', Attributes: 'x' }],
    ['an empty Content', { Content: '', RoomArn: 'arn:aws:ivschat:us-east-1:123456789012:room/x' }],
  ])('answers %s with a valid response, never a throw', async (_name, malformed) => {
    const response = await handler(malformed);
    expect(isValidResponse(response)).toBe(true);
  });

  it("applies the seller's settings from the store: blocked term denied, contact masked", async () => {
    const room = newRoom();
    storeHas(room, 'zhang', { blockedTerms: ['榴莲'], version: 'v1' });
    expect(await handler(event(room, '有没有 榴 莲'))).toEqual({ ReviewResult: 'DENY', Content: '有没有 榴 莲', Attributes: { Reason: 'BLOCKED_TERM' } });
    const masked = await handler(event(room, '加我vx: abc12345 便宜'));
    expect(masked.ReviewResult).toBe('ALLOW');
    expect(masked.Content).not.toContain('abc12345');
    expect(dynamo.getItem.mock.calls.map(([input]) => input)).toEqual([
      { TableName: process.env[tables.catalog.envName], Key: { pk: { S: `ROOM#${room}` }, sk: { S: 'ROOM' } }, ProjectionExpression: 'sellerId' },
      expect.objectContaining({ Key: { pk: { S: 'SELLER#zhang' }, sk: { S: 'CHAT#SETTINGS' } } }),
    ]);
    for (const [, signal] of dynamo.getItem.mock.calls) expect(signal).toBeInstanceOf(AbortSignal);
  });

  it('still decides when the store hangs: default settings (global terms apply), nothing thrown', async () => {
    dynamo.getItem.mockImplementation(never);
    const room = newRoom();
    const clean = await handler(event(room, '5斤装的苹果多少钱'));
    expect(clean).toEqual({ ReviewResult: 'ALLOW', Content: '5斤装的苹果多少钱', Attributes: {} });
    const abusive = await handler(event(room, '加微信便宜卖'));
    expect(abusive.ReviewResult).toBe('DENY');
  });

  it('still decides when the store fails', async () => {
    dynamo.getItem.mockRejectedValue(new DynamoDbError('ProvisionedThroughputExceededException', 'Throughput exceeds the current capacity', 400));
    expect(await handler(event(newRoom(), '还有货吗'))).toEqual({ ReviewResult: 'ALLOW', Content: '还有货吗', Attributes: {} });
  });

  it('a settings change takes effect once the cache TTL has passed', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-06-01T08:00:00Z'));
    const room = newRoom();
    storeHas(room, 'li', { blockedTerms: ['榴莲'], version: 'v1' });
    expect((await handler(event(room, '榴莲'))).ReviewResult).toBe('DENY');

    storeHas(room, 'li', { blockedTerms: [], version: 'v2' });
    vi.setSystemTime(new Date(Date.parse('2026-06-01T08:00:00Z') + SETTINGS_TTL_MS - 1));
    expect((await handler(event(room, '榴莲'))).ReviewResult).toBe('DENY');
    vi.setSystemTime(new Date(Date.parse('2026-06-01T08:00:00Z') + SETTINGS_TTL_MS));
    expect(await handler(event(room, '榴莲'))).toEqual({ ReviewResult: 'ALLOW', Content: '榴莲', Attributes: {} });
  });

  describe('slow mode', () => {
    it('one conditional write per message: the first passes, a refused one is denied', async () => {
      const room = newRoom();
      storeHas(room, 'wang', { blockedTerms: [], slowModeSeconds: 30, version: 'slow' });
      dynamo.putItem.mockResolvedValueOnce(undefined).mockRejectedValue(new DynamoDbError('ConditionalCheckFailedException', 'The conditional request failed', 400));
      expect((await handler(event(room, '第一条'))).ReviewResult).toBe('ALLOW');
      expect(await handler(event(room, '第二条'))).toEqual({ ReviewResult: 'DENY', Content: '第二条', Attributes: { Reason: 'SLOW_MODE' } });
      const puts = dynamo.putItem.mock.calls;
      expect(puts).toHaveLength(2);
      expect(puts[0]![0]).toMatchObject({
        ConditionExpression: 'attribute_not_exists(pk) OR lastMessageAt <= :previousAtMost',
        Item: { pk: { S: `SLOWMODE#${room}#buyer-1` }, sk: { S: 'SLOWMODE' } },
      });
    });

    it('a failing write (not a refusal) fails open', async () => {
      const room = newRoom();
      storeHas(room, 'zhou', { blockedTerms: [], slowModeSeconds: 30, version: 'slow' });
      dynamo.putItem.mockRejectedValue(new DynamoDbError('ProvisionedThroughputExceededException', 'Throughput exceeds the current capacity', 400));
      expect((await handler(event(room, '还有货吗'))).ReviewResult).toBe('ALLOW');
      expect(dynamo.putItem).toHaveBeenCalledTimes(1);
    });

    it('a hanging write fails open', async () => {
      const room = newRoom();
      storeHas(room, 'zhao', { blockedTerms: [], slowModeSeconds: 30, version: 'slow' });
      dynamo.putItem.mockImplementation(never);
      expect((await handler(event(room, '还有货吗'))).ReviewResult).toBe('ALLOW');
    });

    it('no write while slow mode is off', async () => {
      const room = newRoom();
      storeHas(room, 'qian', { blockedTerms: [], version: 'fast' });
      await handler(event(room, '还有货吗'));
      expect(dynamo.putItem).not.toHaveBeenCalled();
    });
  });

  it('makes no call at all for a cached room', async () => {
    const room = newRoom();
    storeHas(room, 'sun', { blockedTerms: [], version: 'v1' });
    await handler(event(room, '一'));
    const calls = dynamo.getItem.mock.calls.length + dynamo.putItem.mock.calls.length;
    await handler(event(room, '二'));
    await handler(event(room, '三'));
    expect(dynamo.getItem.mock.calls.length + dynamo.putItem.mock.calls.length).toBe(calls);
  });
});
