import { describe, expect, it } from 'vitest';
import { api, tokenFor, uniqueId } from '../support/local-api';
import { CAO_COUNTY, expectError, newProduct, newSeller, type TestSeller } from './catalog-helpers';

const local = (method: string, path: string, body?: unknown) => api(method, path, { body: body ?? {} });

async function withChannel(seller: TestSeller) {
  const channel = await api('POST', '/v1/seller/channel', { token: seller.token });
  expect(channel.status, channel.text).toBe(201);
}

async function streamEvent(sellerId: string, event: 'Stream Start' | 'Stream End') {
  const response = await local('POST', '/_local/ivs/stream-events', { sellerId, event });
  expect(response.status, response.text).toBe(202);
}

/** Waits until the fan-out chain is done: no message visible or in flight (each page sends its successor before it is deleted). */
async function fanOutSettled() {
  for (let quiet = 0; quiet < 3; ) {
    const response = await api('GET', '/_local/queues/live-fanout');
    const { visible, inFlight } = response.body.liveFanout;
    quiet = visible === 0 && inFlight === 0 ? quiet + 1 : 0;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('follows through the local gateway', () => {
  it('follow is idempotent, lists the seller with its live status, and unfollow removes it', async () => {
    const seller = await newSeller();
    const buyerId = uniqueId('buyer');
    const buyer = await tokenFor(buyerId, 'buyers');

    expect((await api('PUT', `/v1/me/following/${seller.sellerId}`, { token: buyer })).status).toBe(204);
    expect((await api('PUT', `/v1/me/following/${seller.sellerId}`, { token: buyer })).status).toBe(204);
    const listed = await api('GET', '/v1/me/following', { token: buyer });
    expect(listed.status, listed.text).toBe(200);
    expect(listed.body.items).toEqual([
      { sellerId: seller.sellerId, displayName: expect.any(String), countyCode: CAO_COUNTY, countyName: '曹县', live: false, followedAt: expect.any(String) },
    ]);

    await withChannel(seller);
    await streamEvent(seller.sellerId, 'Stream Start');
    expect((await api('GET', '/v1/me/following', { token: buyer })).body.items[0].live).toBe(true);
    await streamEvent(seller.sellerId, 'Stream End');

    expect((await api('DELETE', `/v1/me/following/${seller.sellerId}`, { token: buyer })).status).toBe(204);
    expect((await api('GET', '/v1/me/following', { token: buyer })).body.items).toEqual([]);
  }, 180_000);

  it('an unknown seller is 404; a seller may not follow (buyers only)', async () => {
    const buyer = await tokenFor(uniqueId('buyer'), 'buyers');
    expectError(await api('PUT', `/v1/me/following/${uniqueId('nobody')}`, { token: buyer }), 404, 'NOT_FOUND');
    const seller = await newSeller();
    expectError(await api('PUT', `/v1/me/following/${seller.sellerId}`, { token: seller.token }), 403, 'FORBIDDEN');
  });

  it('pages the following list with a cursor only its owner can use', async () => {
    const buyerId = uniqueId('buyer');
    const buyer = await tokenFor(buyerId, 'buyers');
    const sellers = await Promise.all([newSeller(), newSeller(), newSeller()]);
    for (const seller of sellers) expect((await api('PUT', `/v1/me/following/${seller.sellerId}`, { token: buyer })).status).toBe(204);
    const first = await api('GET', '/v1/me/following?limit=2', { token: buyer });
    expect(first.body.items).toHaveLength(2);
    const second = await api('GET', `/v1/me/following?limit=2&cursor=${first.body.nextCursor}`, { token: buyer });
    expect(second.body.items).toHaveLength(1);
    const other = await tokenFor(uniqueId('buyer'), 'buyers');
    expectError(await api('GET', `/v1/me/following?cursor=${first.body.nextCursor}`, { token: other }), 400, 'VALIDATION_FAILED');
  });
});

describe('go-live notifications through the local gateway', () => {
  it('every follower gets one notification per broadcast; a quick restart is the same broadcast', async () => {
    const seller = await newSeller();
    await withChannel(seller);
    const followers = await Promise.all(
      Array.from({ length: 12 }, async () => {
        const id = uniqueId('buyer');
        const token = await tokenFor(id, 'buyers');
        expect((await api('PUT', `/v1/me/following/${seller.sellerId}`, { token })).status).toBe(204);
        return token;
      }),
    );

    await streamEvent(seller.sellerId, 'Stream Start');
    await streamEvent(seller.sellerId, 'Stream End');
    await streamEvent(seller.sellerId, 'Stream Start'); // an encoder reconnect, seconds later
    await fanOutSettled();

    for (const token of followers) {
      const inbox = await api('GET', '/v1/me/notifications', { token });
      expect(inbox.status, inbox.text).toBe(200);
      expect(inbox.body.items).toEqual([
        { notificationId: expect.any(String), kind: 'SELLER_LIVE', sellerId: seller.sellerId, displayName: expect.any(String), playbackUrl: expect.stringMatching(/^https:\/\//), at: expect.any(String) },
      ]);
    }
    await streamEvent(seller.sellerId, 'Stream End');
  }, 240_000);
});

describe('replays through the local gateway', () => {
  it('a replay lists the pins made during it', async () => {
    const seller = await newSeller();
    await withChannel(seller);
    const garlic = await newProduct(seller, { title: '曹县大蒜' });
    await streamEvent(seller.sellerId, 'Stream Start');
    // (Pins outside the recording's window are left out: test/unit/live/replays.test.ts, with exact times.)
    expect((await local('POST', '/_local/ivs/recording-events', { sellerId: seller.sellerId, event: 'Recording Start' })).status).toBe(202);
    expect((await api('POST', '/v1/seller/pins', { token: seller.token, body: { productId: garlic.productId } })).status).toBe(201);
    const end = await local('POST', '/_local/ivs/recording-events', { sellerId: seller.sellerId, event: 'Recording End' });
    expect(end.status, end.text).toBe(202);
    await streamEvent(seller.sellerId, 'Stream End');

    const viewer = await tokenFor(uniqueId('buyer'), 'buyers');
    const replays = await api('GET', `/v1/sellers/${seller.sellerId}/replays`, { token: viewer });
    expect(replays.status, replays.text).toBe(200);
    expect(replays.body.items).toHaveLength(1);
    const [replay] = replays.body.items;
    expect(replay.playbackUrl).toMatch(/^https:\/\/[^/]+\/ivs\/v1\/.+\/media\/hls\/master\.m3u8$/);
    expect(replay.pins).toEqual([{ atSeconds: expect.any(Number), productId: garlic.productId, title: '曹县大蒜' }]);
    expect(replay.pins[0].atSeconds).toBeGreaterThanOrEqual(0);
    expect(replay.durationSeconds).toBeGreaterThanOrEqual(0);
  }, 180_000);

  it('a Recording End without a Start is a 409', async () => {
    const seller = await newSeller();
    await withChannel(seller);
    expectError(await local('POST', '/_local/ivs/recording-events', { sellerId: seller.sellerId, event: 'Recording End' }), 409, 'CONFLICT');
  });
});

describe('chat events control route', () => {
  it('lists what SendEvent put in the room (none yet)', async () => {
    const seller = await newSeller();
    await withChannel(seller);
    const events = await api('GET', `/_local/chat/events?sellerId=${seller.sellerId}`);
    expect(events.status, events.text).toBe(200);
    expect(events.body.items).toEqual([]);
  });
});
