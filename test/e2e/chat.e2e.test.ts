import { describe, expect, it } from 'vitest';
import { api, tokenFor, uniqueId } from '../support/local-api';
import { CAO_COUNTY, detailPaths, expectError, newSeller, type TestSeller } from './catalog-helpers';

interface Reviewed {
  reviewResult: 'ALLOW' | 'DENY';
  content: string;
  reason?: string;
  decidedBy: 'handler' | 'fallback' | 'room';
}

async function sellerWithRoom(): Promise<TestSeller> {
  const seller = await newSeller();
  const channel = await api('POST', '/v1/seller/channel', { token: seller.token });
  expect(channel.status, channel.text).toBe(201);
  return seller;
}

const send = async (sellerId: string, userId: string, content: string): Promise<Reviewed> => {
  const response = await api<Reviewed>('POST', '/_local/chat/messages', { body: { sellerId, userId, content } });
  expect(response.status, response.text).toBe(200);
  return response.body;
};

/**
 * Settings reach the review handler within its cache TTL (docs/api.md: "within a few seconds"); on a
 * loaded machine a settings read can also miss the handler's 50 ms budget and fall back to defaults
 * for a moment. So: send until the decision matches, for a bounded time.
 */
async function sendUntil(sellerId: string, userId: string, content: string, expected: (r: Reviewed) => boolean): Promise<Reviewed> {
  const deadline = Date.now() + 12_000;
  for (;;) {
    const reviewed = await send(sellerId, userId, content);
    if (expected(reviewed) || Date.now() > deadline) return reviewed;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

const tokensIssued = async (sellerId: string, userId: string) => {
  const response = await api('GET', `/_local/chat/tokens?sellerId=${encodeURIComponent(sellerId)}&userId=${encodeURIComponent(userId)}`);
  expect(response.status, response.text).toBe(200);
  return response.body.items as { userId: string; capabilities: string[]; sessionDurationInMinutes: number }[];
};

describe('chat tokens', () => {
  it("a buyer gets SEND_MESSAGE only, whatever they ask for; the room's seller also gets moderator capabilities", async () => {
    const seller = await sellerWithRoom();
    const buyerId = uniqueId('buyer');
    const buyerToken = await tokenFor(buyerId, 'buyers');

    const asked = await api('POST', '/v1/chat/token', {
      token: buyerToken,
      body: { sellerId: seller.sellerId, capabilities: ['SEND_MESSAGE', 'DELETE_MESSAGE', 'DISCONNECT_USER'] },
    });
    expect(asked.status, asked.text).toBe(200);
    expect(asked.body).toEqual({ token: expect.any(String), sessionExpirationTime: expect.any(String), tokenExpirationTime: expect.any(String) });
    expect(await tokensIssued(seller.sellerId, buyerId)).toEqual([
      expect.objectContaining({ userId: buyerId, capabilities: ['SEND_MESSAGE'], sessionDurationInMinutes: 60 }),
    ]);

    const own = await api('POST', '/v1/chat/token', { token: seller.token, body: { sellerId: seller.sellerId } });
    expect(own.status, own.text).toBe(200);
    expect((await tokensIssued(seller.sellerId, seller.sellerId))[0]!.capabilities).toEqual(['SEND_MESSAGE', 'DELETE_MESSAGE', 'DISCONNECT_USER']);

    // Another seller in this room is a viewer like any other.
    const other = await newSeller();
    expect((await api('POST', '/v1/chat/token', { token: other.token, body: { sellerId: seller.sellerId } })).status).toBe(200);
    expect((await tokensIssued(seller.sellerId, other.sellerId))[0]!.capabilities).toEqual(['SEND_MESSAGE']);
  });

  it('404 for a seller without a chat room; 401 without a token', async () => {
    const seller = await newSeller();
    const buyerToken = await tokenFor(uniqueId('buyer'), 'buyers');
    expectError(await api('POST', '/v1/chat/token', { token: buyerToken, body: { sellerId: seller.sellerId } }), 404, 'NOT_FOUND');
    expectError(await api('POST', '/v1/chat/token', { body: { sellerId: seller.sellerId } }), 401, 'UNAUTHENTICATED');
  });
});

describe('chat bans', () => {
  it('a banned buyer is disconnected and refused a token (403 BANNED) until unbanned', async () => {
    const seller = await sellerWithRoom();
    const buyerId = uniqueId('buyer');
    const buyerToken = await tokenFor(buyerId, 'buyers');
    expect((await api('POST', '/v1/chat/token', { token: buyerToken, body: { sellerId: seller.sellerId } })).status).toBe(200);

    const ban = await api('POST', '/v1/seller/chat/bans', { token: seller.token, body: { userId: buyerId, durationSeconds: 3600, reason: '发广告' } });
    expect(ban.status, ban.text).toBe(201);
    expect(ban.body).toEqual({ userId: buyerId, until: expect.any(String), reason: '发广告' });
    expect(Date.parse(ban.body.until) - Date.now()).toBeGreaterThan(3500_000);

    const disconnects = await api('GET', `/_local/chat/disconnects?sellerId=${seller.sellerId}`);
    expect(disconnects.body.items).toEqual([expect.objectContaining({ userId: buyerId, reason: '发广告' })]);

    expectError(await api('POST', '/v1/chat/token', { token: buyerToken, body: { sellerId: seller.sellerId } }), 403, 'BANNED');

    const list = await api('GET', '/v1/seller/chat/bans', { token: seller.token });
    expect(list.status, list.text).toBe(200);
    expect(list.body).toEqual({ items: [{ userId: buyerId, until: ban.body.until, reason: '发广告', createdAt: expect.any(String) }], nextCursor: null });

    expect((await api('DELETE', `/v1/seller/chat/bans/${buyerId}`, { token: seller.token })).status).toBe(204);
    expect((await api('POST', '/v1/chat/token', { token: buyerToken, body: { sellerId: seller.sellerId } })).status).toBe(200);
    expect((await api('GET', '/v1/seller/chat/bans', { token: seller.token })).body.items).toEqual([]);
  });

  it("a ban reaches the messages of a token issued before it (DENY BANNED within seconds), and unbanning lifts it", async () => {
    const seller = await sellerWithRoom();
    const buyerId = uniqueId('buyer');
    const buyerToken = await tokenFor(buyerId, 'buyers');
    expect((await api('POST', '/v1/chat/token', { token: buyerToken, body: { sellerId: seller.sellerId } })).status).toBe(200);
    // A fresh instance's first message may miss IVS's 200 ms (the fallback decides): send until the handler does.
    expect(await sendUntil(seller.sellerId, buyerId, '还有货吗', (r) => r.decidedBy === 'handler')).toMatchObject({ reviewResult: 'ALLOW', decidedBy: 'handler' });

    const ban = await api('POST', '/v1/seller/chat/bans', { token: seller.token, body: { userId: buyerId, durationSeconds: 600 } });
    expect(ban.status, ban.text).toBe(201);
    const denied = await sendUntil(seller.sellerId, buyerId, '还有货吗', (r) => r.reviewResult === 'DENY');
    expect(denied).toEqual({ reviewResult: 'DENY', content: '还有货吗', reason: 'BANNED', decidedBy: 'handler' });
    expect(await send(seller.sellerId, uniqueId('buyer'), '还有货吗')).toMatchObject({ reviewResult: 'ALLOW' });

    expect((await api('DELETE', `/v1/seller/chat/bans/${buyerId}`, { token: seller.token })).status).toBe(204);
    expect(await sendUntil(seller.sellerId, buyerId, '还有货吗', (r) => r.reviewResult === 'ALLOW')).toMatchObject({ reviewResult: 'ALLOW' });
  });

  it('pages the ban list with a cursor bound to the seller', async () => {
    const seller = await sellerWithRoom();
    for (const n of [1, 2, 3]) {
      expect((await api('POST', '/v1/seller/chat/bans', { token: seller.token, body: { userId: `troll-${n}` } })).status).toBe(201);
    }
    const first = await api('GET', '/v1/seller/chat/bans?limit=2', { token: seller.token });
    expect(first.body.items.map((b: { userId: string }) => b.userId)).toEqual(['troll-1', 'troll-2']);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await api('GET', `/v1/seller/chat/bans?limit=2&cursor=${first.body.nextCursor}`, { token: seller.token });
    expect(second.body).toEqual({ items: [expect.objectContaining({ userId: 'troll-3', until: null, reason: null })], nextCursor: null });

    const other = await newSeller();
    expectError(await api('GET', `/v1/seller/chat/bans?cursor=${first.body.nextCursor}`, { token: other.token }), 400, 'VALIDATION_FAILED');
  });

  it('validates the ban request and keeps buyers out', async () => {
    const seller = await sellerWithRoom();
    const invalid = await api('POST', '/v1/seller/chat/bans', { token: seller.token, body: { userId: 'x', durationSeconds: 30 } });
    expectError(invalid, 400, 'VALIDATION_FAILED');
    expect(detailPaths(invalid)).toEqual(['body.durationSeconds']);
    expectError(await api('POST', '/v1/seller/chat/bans', { token: seller.token, body: { userId: seller.sellerId } }), 400, 'VALIDATION_FAILED');
    const buyerToken = await tokenFor(uniqueId('buyer'), 'buyers');
    expectError(await api('GET', '/v1/seller/chat/bans', { token: buyerToken }), 403, 'FORBIDDEN');
  });
});

describe('chat settings and message review', () => {
  it('defaults, then blocked terms and contact handling reach the review handler', async () => {
    const seller = await sellerWithRoom();
    const defaults = await api('GET', '/v1/seller/chat/settings', { token: seller.token });
    expect(defaults.body).toEqual({ blockedTerms: [], slowModeSeconds: 0, maskContacts: true, updatedAt: null });

    // Defaults: a clean question passes untouched, a phone number is masked.
    expect(await send(seller.sellerId, 'buyer-a', '5斤装的西瓜多少钱？3.5元一斤吗')).toEqual({
      reviewResult: 'ALLOW',
      content: '5斤装的西瓜多少钱？3.5元一斤吗',
      decidedBy: 'handler',
    });
    const masked = await send(seller.sellerId, 'buyer-a', '便宜的打我电话 138 1234 5678');
    expect(masked).toMatchObject({ reviewResult: 'ALLOW', decidedBy: 'handler' });
    expect(masked.content).not.toMatch(/5678/);

    const put = await api('PUT', '/v1/seller/chat/settings', {
      token: seller.token,
      body: { blockedTerms: [' 榴莲 ', 'durian', '榴莲'], slowModeSeconds: 0, maskContacts: false },
    });
    expect(put.status, put.text).toBe(200);
    expect(put.body).toEqual({ blockedTerms: ['榴莲', 'durian'], slowModeSeconds: 0, maskContacts: false, updatedAt: expect.any(String) });
    expect((await api('GET', '/v1/seller/chat/settings', { token: seller.token })).body).toEqual(put.body);

    const blocked = await sendUntil(seller.sellerId, 'buyer-a', '有 榴\u200B莲 吗', (r) => r.reviewResult === 'DENY');
    expect(blocked).toMatchObject({ reviewResult: 'DENY', reason: 'BLOCKED_TERM', decidedBy: 'handler' });
    expect(await send(seller.sellerId, 'buyer-a', 'ＤＵＲＩＡＮ please')).toMatchObject({ reviewResult: 'DENY', reason: 'BLOCKED_TERM' });
    expect(await send(seller.sellerId, 'buyer-a', '便宜的打我电话 138 1234 5678')).toMatchObject({ reviewResult: 'DENY', reason: 'CONTACT_DETAILS' });
    expect(await send(seller.sellerId, 'buyer-a', '苹果甜不甜')).toMatchObject({ reviewResult: 'ALLOW', content: '苹果甜不甜' });
  });

  it('slow mode lets one message per window through, but never slows the seller down', async () => {
    const seller = await sellerWithRoom();
    const put = await api('PUT', '/v1/seller/chat/settings', { token: seller.token, body: { blockedTerms: [], slowModeSeconds: 60, maskContacts: true } });
    expect(put.status, put.text).toBe(200);
    // The first message that sees slow mode on claims the window; the next one is too soon.
    await sendUntil(seller.sellerId, 'buyer-s', '第二条', (r) => r.reason === 'SLOW_MODE');
    expect(await send(seller.sellerId, 'buyer-s', '第三条')).toMatchObject({ reviewResult: 'DENY', reason: 'SLOW_MODE', decidedBy: 'handler' });
    expect(await send(seller.sellerId, 'buyer-t', '我也问一下')).toMatchObject({ reviewResult: 'ALLOW' });
    expect(await send(seller.sellerId, seller.sellerId, '大家好')).toMatchObject({ reviewResult: 'ALLOW' });
    expect(await send(seller.sellerId, seller.sellerId, '今天的西瓜很甜')).toMatchObject({ reviewResult: 'ALLOW' });
  });

  it('rejects invalid settings with one detail per problem', async () => {
    const seller = await newSeller();
    const response = await api('PUT', '/v1/seller/chat/settings', {
      token: seller.token,
      body: { blockedTerms: ['ok', 'x'.repeat(51), '...'], slowModeSeconds: 121 },
    });
    expectError(response, 400, 'VALIDATION_FAILED');
    expect(detailPaths(response).sort()).toEqual(['body.blockedTerms.1', 'body.blockedTerms.2', 'body.maskContacts', 'body.slowModeSeconds']);
  });

  it("the county's official room is reviewed by the same handler", async () => {
    const response = await api<Reviewed>('POST', '/_local/chat/messages', { body: { countyCode: CAO_COUNTY, userId: 'buyer-c', content: '加微信 abc123 更便宜' } });
    expect(response.status, response.text).toBe(200);
    expect(response.body).toMatchObject({ reviewResult: 'DENY', decidedBy: 'handler' });
  });

  it('404 for a seller without a room', async () => {
    const response = await api('POST', '/_local/chat/messages', { body: { sellerId: uniqueId('nobody'), userId: 'u', content: 'hi' } });
    expectError(response, 404, 'NOT_FOUND');
  });
});
