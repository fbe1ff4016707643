import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { chatBanKey, chatRoomLookupKey, chatSettingsKey } from '../../../lambdas/catalog/model';
import { errorReply, startDynamoDbStub, type RecordedRequest, type StubReply } from '../../support/review-dynamodb-stub';
import { newRoom, reviewEvent } from './review-events';

/**
 * The real review handler, store and DynamoDB client, over HTTP to a DynamoDB stand-in that records
 * requests and can hang: what the mocks of review.test.ts cannot show (a request that never answers
 * is really abandoned, credentials come from the environment, errors come off the wire).
 *
 * A store call has 50 ms; a fresh process's first `fetch` takes longer (Node loads its HTTP stack
 * then), and a loaded machine may too. Such a call fails open and the room's settings are read again
 * a second later, so tests that need the settings loaded send until the outcome shows (as the e2e
 * tests do), with no timing assertion.
 */
const stub = await startDynamoDbStub();
// What Lambda puts in the environment: the execution role's temporary credentials, read at init.
const SESSION_TOKEN = 'session-token-of-the-execution-role';
Object.assign(process.env, {
  AWS_ENDPOINT_URL_DYNAMODB: stub.endpoint,
  AWS_REGION: 'ap-northeast-1',
  AWS_ACCESS_KEY_ID: 'ASIAREVIEWHTTPTEST',
  AWS_SECRET_ACCESS_KEY: 'review-http-secret',
  AWS_SESSION_TOKEN: SESSION_TOKEN,
});
const { handler } = await import('../../../lambdas/chat/handlers/review');

const event = reviewEvent;

type Review = Awaited<ReturnType<typeof handler>>;

/** Reviews messages until `done` says so; returns the last review and the store requests it made. */
async function reviewUntil(
  review: () => Promise<Review>,
  done: (response: Review, requests: RecordedRequest[]) => boolean,
): Promise<{ response: Review; requests: RecordedRequest[] }> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const before = stub.requests.length;
    const response = await review();
    const requests = stub.requests.slice(before);
    if (done(response, requests) || Date.now() > deadline) return { response, requests };
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The room's seller (GetItem) and the seller's settings and bans (Query), answered by key; other reads find nothing. */
function settingsReply(roomArn: string, sellerId: string, settings: { blockedTerms: string[]; slowModeSeconds?: number; banned?: string[] }) {
  const lookup = chatRoomLookupKey(roomArn);
  const saved = chatSettingsKey(sellerId);
  return (request: RecordedRequest): StubReply | undefined => {
    if (request.operation === 'GetItem') {
      const { pk, sk } = request.body.Key as { pk: { S: string }; sk: { S: string } };
      return pk.S === lookup.pk && sk.S === lookup.sk ? { body: { Item: { sellerId: { S: sellerId } } } } : { body: {} };
    }
    if (request.operation !== 'Query') return undefined;
    if ((request.body.ExpressionAttributeValues[':pk'] as { S: string }).S !== saved.pk) return { body: { Items: [], Count: 0 } };
    const bans = (settings.banned ?? []).map((userId) => ({ sk: { S: chatBanKey(sellerId, userId).sk }, until: { NULL: true } }));
    const item = {
      sk: { S: saved.sk },
      blockedTerms: { L: settings.blockedTerms.map((S) => ({ S })) },
      slowModeSeconds: { N: String(settings.slowModeSeconds ?? 0) },
      maskContacts: { BOOL: true },
      version: { S: `v-${sellerId}` },
    };
    return { body: { Items: [...bans, item], Count: bans.length + 1 } };
  };
}

beforeEach(() => {
  stub.reset();
  vi.spyOn(console, 'warn').mockImplementation(() => undefined);
});
afterAll(async () => {
  vi.restoreAllMocks();
  await stub.close();
});

describe('chat review handler over HTTP', () => {
  it("reads the room's seller (GetItem) and the seller's settings and bans (Query), signed with the environment's credentials", async () => {
    const room = newRoom();
    stub.answer((request) => settingsReply(room, 'zhang', { blockedTerms: ['榴莲'], banned: ['troll'] })(request) ?? { body: {} });

    const { response } = await reviewUntil(
      () => handler(event(room, '有没有榴莲')),
      (r) => r.ReviewResult === 'DENY',
    );

    expect(response).toEqual({ ReviewResult: 'DENY', Content: '有没有榴莲', Attributes: { Reason: 'BLOCKED_TERM' } });
    expect(await handler(event(room, '还有货吗', 'troll'))).toEqual({ ReviewResult: 'DENY', Content: '还有货吗', Attributes: { Reason: 'BANNED' } });
    const reads = stub.requests.filter((r) => r.operation === 'GetItem' || r.operation === 'Query');
    expect(new Set(reads.map((r) => r.operation))).toEqual(new Set(['GetItem', 'Query']));
    for (const read of reads) {
      expect(read.headers['content-type']).toBe('application/x-amz-json-1.0');
      expect(read.headers['x-amz-target']).toBe(`DynamoDB_20120810.${read.operation}`);
      expect(read.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=ASIAREVIEWHTTPTEST\/\d{8}\/ap-northeast-1\/dynamodb\/aws4_request, /);
      expect(read.headers['x-amz-security-token']).toBe(SESSION_TOKEN);
    }
  });

  it('a store that never answers: still decides, with the default settings (global terms apply)', async () => {
    stub.answer(() => 'hang');

    // Until a lookup has reached the store (on a loaded machine one may be abandoned before it is sent).
    const { response, requests } = await reviewUntil(
      () => handler(event(newRoom(), '5斤装的苹果多少钱')),
      (_r, made) => made.some((r) => r.operation === 'GetItem'),
    );
    expect(requests.some((r) => r.operation === 'GetItem')).toBe(true);
    expect(response).toEqual({ ReviewResult: 'ALLOW', Content: '5斤装的苹果多少钱', Attributes: {} });
    expect((await handler(event(newRoom(), '加微信便宜卖'))).ReviewResult).toBe('DENY');
  });

  it.each([
    ['throttled', errorReply('ProvisionedThroughputExceededException', 'Throughput exceeds the current capacity')],
    ['unavailable', { status: 503, body: '<html>Service Unavailable</html>' }],
  ] as const)('a store that answers %s: still decides', async (_case, reply) => {
    stub.answer(() => reply);

    const { response, requests } = await reviewUntil(
      () => handler(event(newRoom(), '还有货吗')),
      (_r, made) => made.length > 0,
    );
    expect(requests.length).toBeGreaterThan(0);
    expect(response).toEqual({ ReviewResult: 'ALLOW', Content: '还有货吗', Attributes: {} });
  });

  describe('slow mode', () => {
    it('the conditional PutItem: a refusal off the wire (ConditionalCheckFailedException) denies', async () => {
      const room = newRoom();
      const claimed = new Set<string>();
      const settings = settingsReply(room, 'wang', { blockedTerms: [], slowModeSeconds: 30 });
      stub.answer((request) => {
        const answer = settings(request);
        if (answer) return answer;
        const pk = (request.body.Item.pk as { S: string }).S;
        if (claimed.has(pk)) return errorReply('ConditionalCheckFailedException', 'The conditional request failed');
        claimed.add(pk);
        return { body: {} };
      });

      const { response } = await reviewUntil(
        () => handler(event(room, '还有货吗')),
        (r) => r.ReviewResult === 'DENY',
      );

      expect(response).toEqual({ ReviewResult: 'DENY', Content: '还有货吗', Attributes: { Reason: 'SLOW_MODE' } });
      const puts = stub.requests.filter((r) => r.operation === 'PutItem');
      expect(puts.length).toBeGreaterThanOrEqual(2);
      expect(puts[0]!.headers['x-amz-target']).toBe('DynamoDB_20120810.PutItem');
      expect(puts[0]!.body).toMatchObject({
        ConditionExpression: 'attribute_not_exists(pk) OR lastMessageAt <= :previousAtMost',
        Item: { pk: { S: `SLOWMODE#${room}#buyer-1` }, sk: { S: 'SLOWMODE' }, lastMessageAt: { N: expect.any(String) }, expiresAt: { N: expect.any(String) } },
        ExpressionAttributeValues: { ':previousAtMost': { N: expect.any(String) } },
      });
    });

    it('a PutItem that never answers fails open', async () => {
      const room = newRoom();
      const settings = settingsReply(room, 'zhao', { blockedTerms: [], slowModeSeconds: 30 });
      stub.answer((request) => settings(request) ?? 'hang');

      const { response, requests } = await reviewUntil(
        () => handler(event(room, '还有货吗')),
        (_r, made) => made.some((r) => r.operation === 'PutItem'),
      );

      expect(requests.some((r) => r.operation === 'PutItem')).toBe(true);
      expect(response).toEqual({ ReviewResult: 'ALLOW', Content: '还有货吗', Attributes: {} });
    });
  });
});
