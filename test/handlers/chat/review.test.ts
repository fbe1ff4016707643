import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { chatBanKey, chatRoomLookupKey, chatSettingsKey } from '../../../lambdas/catalog/model';
import { tables } from '../../../lib/topology';
import { handler, SETTINGS_TTL_MS } from '../../../lambdas/chat/handlers/review';
import { DynamoDbError, type AttributeMap, type GetItemInput, type PutItemInput, type QueryInput, type QueryPage } from '../../../lambdas/chat/review/dynamodb-lite';
import { newRoom, reviewEvent } from './review-events';

/**
 * The real review handler module (module-scope store client and caches, the real store adapter) with
 * the review path's DynamoDB client (review/dynamodb-lite.ts) replaced by mocks: the decisions, without
 * network timing. review-http.test.ts runs the same handler against a DynamoDB stand-in over HTTP.
 * Each test uses its own room, so the module's caches do not carry over between tests.
 */
const dynamo = vi.hoisted(() => ({
  getItem: vi.fn<(input: GetItemInput, signal?: AbortSignal) => Promise<AttributeMap | undefined>>(),
  query: vi.fn<(input: QueryInput, signal?: AbortSignal) => Promise<QueryPage>>(),
  putItem: vi.fn<(input: PutItemInput, signal?: AbortSignal) => Promise<void>>(),
}));
vi.mock('../../../lambdas/chat/review/dynamodb-lite', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../../lambdas/chat/review/dynamodb-lite')>()),
  createDynamoDbLite: () => dynamo,
}));

const never = () => new Promise<never>(() => {});

const event = reviewEvent;

/** What the table holds, in DynamoDB JSON, by `pk|sk`; GetItem and Query read it. */
const items = new Map<string, AttributeMap>();
const itemKey = (key: { pk: string; sk: string }) => `${key.pk}|${key.sk}`;
const keyOf = (input: GetItemInput) => `${(input.Key.pk as { S: string }).S}|${(input.Key.sk as { S: string }).S}`;
const stringValue = (value: AttributeMap[string] | undefined) => (value && 'S' in value ? value.S : '');

/** The review store's one Query: `pk = :pk AND sk BETWEEN :firstBan AND :settings` (the filter is left to the emulator tests). */
function query(input: QueryInput): QueryPage {
  const values = input.ExpressionAttributeValues;
  const [pk, from, to] = [stringValue(values[':pk']), stringValue(values[':firstBan']), stringValue(values[':settings'])];
  const found: AttributeMap[] = [];
  for (const [key, item] of items) {
    const [itemPk, itemSk] = key.split('|') as [string, string];
    if (itemPk === pk && itemSk >= from && itemSk <= to) found.push({ ...item, sk: { S: itemSk } });
  }
  return { Items: found };
}

function storeHas(roomArn: string, sellerId: string, settings: { blockedTerms: string[]; slowModeSeconds?: number; maskContacts?: boolean; version: string }) {
  items.set(itemKey(chatRoomLookupKey(roomArn)), { sellerId: { S: sellerId } });
  items.set(itemKey(chatSettingsKey(sellerId)), {
    blockedTerms: { L: settings.blockedTerms.map((S) => ({ S })) },
    slowModeSeconds: { N: String(settings.slowModeSeconds ?? 0) },
    maskContacts: { BOOL: settings.maskContacts ?? true },
    version: { S: settings.version },
  });
}

const banned = (sellerId: string, userId: string, until: string | null) =>
  items.set(itemKey(chatBanKey(sellerId, userId)), { until: until === null ? { NULL: true } : { S: until } });

/** The message the handler logged, when it logged once; JSON lines from the handler's warn(). */
const warnings = () => vi.mocked(console.warn).mock.calls.map(([line]) => (JSON.parse(String(line)) as { message: string }).message);

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
  dynamo.query.mockReset().mockImplementation(async (input) => query(input));
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
    ]);
    // Settings and bans in one read of the seller's partition.
    expect(dynamo.query.mock.calls.map(([input]) => input)).toEqual([
      expect.objectContaining({
        TableName: process.env[tables.catalog.envName],
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :firstBan AND :settings',
        ExpressionAttributeValues: expect.objectContaining({ ':pk': { S: 'SELLER#zhang' }, ':firstBan': { S: 'CHAT#BAN#' }, ':settings': { S: 'CHAT#SETTINGS' } }),
      }),
    ]);
    for (const [, signal] of [...dynamo.getItem.mock.calls, ...dynamo.query.mock.calls]) expect(signal).toBeInstanceOf(AbortSignal);
  });

  describe('when the store fails: decides with defaults, and says why in one warning', () => {
    // The handler logs each kind of trouble once per 10 s: each test starts an hour after the last.
    let hour = 0;
    beforeEach(() => {
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(new Date(Date.UTC(2026, 5, 1, (hour += 1))));
    });

    it('the room lookup hangs: default settings (global terms apply), a room-lookup timeout warning', async () => {
      dynamo.getItem.mockImplementation(never);
      const room = newRoom();
      const clean = await handler(event(room, '5斤装的苹果多少钱'));
      expect(clean).toEqual({ ReviewResult: 'ALLOW', Content: '5斤装的苹果多少钱', Attributes: {} });
      expect(warnings()).toEqual(['chat review: room-lookup timeout, using cached or default settings']);
      const abusive = await handler(event(room, '加微信便宜卖'));
      expect(abusive.ReviewResult).toBe('DENY');
    });

    it('the room lookup fails: a room-lookup error warning naming the error', async () => {
      dynamo.getItem.mockRejectedValue(new DynamoDbError('ProvisionedThroughputExceededException', 'Throughput exceeds the current capacity', 400));
      expect(await handler(event(newRoom(), '还有货吗'))).toEqual({ ReviewResult: 'ALLOW', Content: '还有货吗', Attributes: {} });
      expect(vi.mocked(console.warn).mock.calls.map(([line]) => JSON.parse(String(line)))).toEqual([
        expect.objectContaining({
          level: 'WARN',
          message: 'chat review: room-lookup error, using cached or default settings',
          errorName: 'ProvisionedThroughputExceededException',
        }),
      ]);
    });

    it('the settings read fails: a settings error warning', async () => {
      const room = newRoom();
      storeHas(room, 'wu', { blockedTerms: ['榴莲'], version: 'v1' });
      dynamo.query.mockRejectedValue(new DynamoDbError('InternalServerError', 'Internal server error', 500));
      expect(await handler(event(room, '榴莲'))).toEqual({ ReviewResult: 'ALLOW', Content: '榴莲', Attributes: {} });
      expect(warnings()).toEqual(['chat review: settings error, using cached or default settings']);
    });

    it('the settings read hangs: a settings timeout warning', async () => {
      const room = newRoom();
      storeHas(room, 'zheng', { blockedTerms: [], version: 'v1' });
      dynamo.query.mockImplementation(never);
      expect((await handler(event(room, '还有货吗'))).ReviewResult).toBe('ALLOW');
      expect(warnings()).toEqual(['chat review: settings timeout, using cached or default settings']);
    });
  });

  describe('bans', () => {
    it("denies a banned user's messages (BANNED) from the room's next read, whatever token they hold; others pass", async () => {
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(new Date('2026-06-01T08:00:00Z'));
      const room = newRoom();
      storeHas(room, 'feng', { blockedTerms: [], version: 'v1' });
      expect((await handler(event(room, '还有货吗', 'troll'))).ReviewResult).toBe('ALLOW');

      banned('feng', 'troll', null);
      vi.setSystemTime(new Date(Date.parse('2026-06-01T08:00:00Z') + SETTINGS_TTL_MS));
      expect(await handler(event(room, '还有货吗', 'troll'))).toEqual({ ReviewResult: 'DENY', Content: '还有货吗', Attributes: { Reason: 'BANNED' } });
      expect((await handler(event(room, '还有货吗', 'buyer-2'))).ReviewResult).toBe('ALLOW');
    });

    it('a timed ban stops applying once `until` has passed, even before the next read', async () => {
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(new Date('2026-06-01T08:00:00Z'));
      const room = newRoom();
      storeHas(room, 'chu', { blockedTerms: [], version: 'v1' });
      banned('chu', 'troll', '2026-06-01T08:00:02.000Z');
      expect((await handler(event(room, 'hi', 'troll'))).Attributes).toEqual({ Reason: 'BANNED' });
      vi.setSystemTime(new Date('2026-06-01T08:00:02.000Z'));
      expect(await handler(event(room, 'hi', 'troll'))).toEqual({ ReviewResult: 'ALLOW', Content: 'hi', Attributes: {} });
      expect(dynamo.query).toHaveBeenCalledTimes(1);
    });
  });

  it('keeps only the attribute keys the apps use, moderated like the content', async () => {
    const room = newRoom();
    storeHas(room, 'wei', { blockedTerms: [], maskContacts: true, version: 'v1' });
    const response = await handler({ ...event(room, '这个还有吗'), Attributes: { replyTo: 'AbCdEf123456', productId: '加微信 abc12345', note: '13812345678' } });
    expect(response).toEqual({ ReviewResult: 'DENY', Content: '这个还有吗', Attributes: { Reason: 'BLOCKED_TERM' } });
    const masked = await handler({ ...event(room, '这个还有吗'), Attributes: { replyTo: 'AbCdEf123456', productId: '13812345678', note: 'www.evil.com' } });
    expect(masked).toEqual({ ReviewResult: 'ALLOW', Content: '这个还有吗', Attributes: { replyTo: 'AbCdEf123456', productId: '***********' } });
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
    const callCount = () => dynamo.getItem.mock.calls.length + dynamo.query.mock.calls.length + dynamo.putItem.mock.calls.length;
    const calls = callCount();
    await handler(event(room, '二'));
    await handler(event(room, '三'));
    expect(callCount()).toBe(calls);
  });
});
