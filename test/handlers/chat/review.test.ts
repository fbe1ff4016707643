import { ConditionalCheckFailedException, DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { chatRoomLookupKey, chatSettingsKey } from '../../../lambdas/catalog/model';
import { handler, SETTINGS_TTL_MS } from '../../../lambdas/chat/handlers/review';

/**
 * The real review handler module (module-scope client and caches) against a mocked DynamoDB. Each test
 * uses its own room, so the module's caches do not carry over between tests.
 */
const dynamo = mockClient(DynamoDBClient);
const never = () => new Promise<never>(() => {});
let rooms = 0;
const newRoom = () => `arn:aws:ivschat:us-east-1:123456789012:room/room${Date.now().toString(36)}${(rooms += 1)}`;

const event = (roomArn: string, content: string, userId = 'buyer-1') => ({
  Content: content,
  MessageId: 'AbCdEf123456',
  RoomArn: roomArn,
  Attributes: {},
  Sender: { UserId: userId, Attributes: {}, Ip: '203.0.113.7' },
});

const ddbKey = (key: { pk: string; sk: string }) => ({ pk: { S: key.pk }, sk: { S: key.sk } });

function storeHas(roomArn: string, sellerId: string, settings: { blockedTerms: string[]; slowModeSeconds?: number; maskContacts?: boolean; version: string }) {
  dynamo.on(GetItemCommand, { Key: ddbKey(chatRoomLookupKey(roomArn)) }).resolves({ Item: { sellerId: { S: sellerId } } });
  dynamo.on(GetItemCommand, { Key: ddbKey(chatSettingsKey(sellerId)) }).resolves({
    Item: {
      blockedTerms: { L: settings.blockedTerms.map((S) => ({ S })) },
      slowModeSeconds: { N: String(settings.slowModeSeconds ?? 0) },
      maskContacts: { BOOL: settings.maskContacts ?? true },
      version: { S: settings.version },
    },
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
  dynamo.reset();
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
    dynamo.on(GetItemCommand).resolves({});
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
  });

  it('still decides when the store hangs: default settings (global terms apply), nothing thrown', async () => {
    dynamo.on(GetItemCommand).callsFake(never);
    const room = newRoom();
    const clean = await handler(event(room, '5斤装的苹果多少钱'));
    expect(clean).toEqual({ ReviewResult: 'ALLOW', Content: '5斤装的苹果多少钱', Attributes: {} });
    const abusive = await handler(event(room, '加微信便宜卖'));
    expect(abusive.ReviewResult).toBe('DENY');
  });

  it('still decides when the store fails', async () => {
    dynamo.on(GetItemCommand).rejects(Object.assign(new Error('Throughput exceeds the current capacity'), { name: 'ProvisionedThroughputExceededException' }));
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
      dynamo.on(PutItemCommand).resolvesOnce({}).rejects(new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} }));
      expect((await handler(event(room, '第一条'))).ReviewResult).toBe('ALLOW');
      expect(await handler(event(room, '第二条'))).toEqual({ ReviewResult: 'DENY', Content: '第二条', Attributes: { Reason: 'SLOW_MODE' } });
      const puts = dynamo.commandCalls(PutItemCommand);
      expect(puts).toHaveLength(2);
      expect(puts[0]!.args[0].input).toMatchObject({
        ConditionExpression: 'attribute_not_exists(pk) OR lastMessageAt <= :previousAtMost',
        Item: { pk: { S: `SLOWMODE#${room}#buyer-1` }, sk: { S: 'SLOWMODE' } },
      });
    });

    it('a hanging write fails open', async () => {
      const room = newRoom();
      storeHas(room, 'zhao', { blockedTerms: [], slowModeSeconds: 30, version: 'slow' });
      dynamo.on(PutItemCommand).callsFake(never);
      expect((await handler(event(room, '还有货吗'))).ReviewResult).toBe('ALLOW');
    });

    it('no write while slow mode is off', async () => {
      const room = newRoom();
      storeHas(room, 'qian', { blockedTerms: [], version: 'fast' });
      await handler(event(room, '还有货吗'));
      expect(dynamo.commandCalls(PutItemCommand)).toHaveLength(0);
    });
  });

  it('makes no call at all for a cached room', async () => {
    const room = newRoom();
    storeHas(room, 'sun', { blockedTerms: [], version: 'v1' });
    await handler(event(room, '一'));
    const calls = dynamo.calls().length;
    await handler(event(room, '二'));
    await handler(event(room, '三'));
    expect(dynamo.calls()).toHaveLength(calls);
  });
});
