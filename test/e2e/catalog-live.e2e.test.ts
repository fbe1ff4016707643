import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { productKey } from '../../lambdas/catalog/model';
import { api, tokenFor, uniqueId } from '../support/local-api';
import { CAO_COUNTY, SHAN_COUNTY, catalogTable, detailPaths, expectError, liveSellers, newProduct, newSeller, streamEvent, type TestSeller } from './catalog-helpers';

async function withChannel(seller: TestSeller) {
  const response = await api('POST', '/v1/seller/channel', { token: seller.token });
  expect([200, 201], response.text).toContain(response.status);
  return response.body;
}

const metadataOf = async (sellerId: string) => {
  const response = await api('GET', `/_local/ivs/metadata?sellerId=${sellerId}`);
  expect(response.status).toBe(200);
  return response.body.items as { payload: string; at: string; streamId: string }[];
};

describe('seller channel', () => {
  it('two parallel POSTs create one channel: one 201, one 200, same channel and key', async () => {
    const seller = await newSeller();
    const [a, b] = await Promise.all([
      api('POST', '/v1/seller/channel', { token: seller.token }),
      api('POST', '/v1/seller/channel', { token: seller.token }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 201]);
    expect(a.body).toEqual(b.body);
    expect(a.body).toEqual({
      channelArn: expect.stringMatching(/^arn:aws:ivs:[a-z0-9-]+:\d{12}:channel\/\w+$/),
      ingestEndpoint: expect.stringMatching(/\.global-contribute\.live-video\.net$/),
      streamKey: expect.stringMatching(/^sk_/),
      playbackUrl: expect.stringMatching(/^https:\/\/.+\.m3u8$/),
      chatRoomArn: expect.stringMatching(/^arn:aws:ivschat:[a-z0-9-]+:\d{12}:room\/\w+$/),
    });
    const again = await api('POST', '/v1/seller/channel', { token: seller.token });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(a.body);

    // What IVS itself holds for the seller (the stand-in, by the seller tag): one channel, one room.
    const held = await api('GET', `/_local/ivs/resources?sellerId=${seller.sellerId}`);
    expect(held.status).toBe(200);
    expect(held.body).toEqual({ channels: [a.body.channelArn], rooms: [a.body.chatRoomArn] });
  });

  it('needs a profile, and is for sellers only', async () => {
    const noProfile = await newSeller({ profile: false });
    expectError(await api('POST', '/v1/seller/channel', { token: noProfile.token }), 409, 'PROFILE_REQUIRED');
    expectError(await api('POST', '/v1/seller/channel'), 401, 'UNAUTHENTICATED');
    expectError(await api('POST', '/v1/seller/channel', { token: await tokenFor(uniqueId('buyer'), 'buyers') }), 403, 'FORBIDDEN');
  });

  it('rotating the stream key returns a new one; the old key no longer goes live', async () => {
    const seller = await newSeller();
    const channel = await withChannel(seller);
    const rotated = await api('POST', '/v1/seller/channel/stream-key', { token: seller.token });
    expect(rotated.status).toBe(200);
    expect(rotated.body.streamKey).toMatch(/^sk_/);
    expect(rotated.body.streamKey).not.toBe(channel.streamKey);
    expect((await api('POST', '/v1/seller/channel', { token: seller.token })).body.streamKey).toBe(rotated.body.streamKey);

    expectError(await streamEvent({ sellerId: seller.sellerId }, 'Stream Start', channel.streamKey), 403, 'FORBIDDEN');
    expect((await streamEvent({ sellerId: seller.sellerId }, 'Stream Start', rotated.body.streamKey)).status).toBe(202);
    expect((await streamEvent({ sellerId: seller.sellerId }, 'Stream End')).status).toBe(202);
  });

  it('rotating without a channel is 404; for sellers only', async () => {
    const seller = await newSeller();
    expectError(await api('POST', '/v1/seller/channel/stream-key', { token: seller.token }), 404, 'NOT_FOUND');
    expectError(await api('POST', '/v1/seller/channel/stream-key', { token: await tokenFor(uniqueId('buyer'), 'buyers') }), 403, 'FORBIDDEN');
  });
});

describe('pins and live status', () => {
  it('a pin before the stream starts is 409 CHANNEL_NOT_LIVE (with or without a channel), and nothing is sent', async () => {
    const seller = await newSeller();
    const product = await newProduct(seller);
    expectError(await api('POST', '/v1/seller/pins', { token: seller.token, body: { productId: product.productId } }), 409, 'CHANNEL_NOT_LIVE');
    await withChannel(seller);
    expectError(await api('POST', '/v1/seller/pins', { token: seller.token, body: { productId: product.productId } }), 409, 'CHANNEL_NOT_LIVE');
    expect(await metadataOf(seller.sellerId)).toEqual([]);
  });

  it('Stream Start puts the seller on /v1/live; a pin reaches viewers as ≤1 KiB JSON even with a 300-character title', async () => {
    const seller = await newSeller({ countyCode: CAO_COUNTY });
    const product = await newProduct(seller, { priceFen: 1200 });
    const longTitle = '山东曹县黄河故道沙土地里长出来的又甜又沙的大西瓜'.repeat(13).slice(0, 300);
    expect([...longTitle]).toHaveLength(300);
    // Titles are at most 80 characters through the API; older or imported items may be longer, and the
    // payload must still fit: write one straight into the table.
    const { client, tableName } = catalogTable();
    await client.send(new UpdateCommand({ TableName: tableName, Key: productKey(seller.sellerId, product.productId), UpdateExpression: 'SET title = :t', ExpressionAttributeValues: { ':t': longTitle } }));
    const channel = await withChannel(seller);

    const started = await streamEvent({ sellerId: seller.sellerId }, 'Stream Start');
    expect(started.status).toBe(202);
    const buyer = await tokenFor(uniqueId('buyer'), 'buyers');
    const live = (await liveSellers(buyer, CAO_COUNTY)).find((entry) => entry.sellerId === seller.sellerId);
    expect(live).toEqual({
      sellerId: seller.sellerId,
      displayName: expect.any(String),
      countyCode: CAO_COUNTY,
      countyName: '曹县',
      playbackUrl: channel.playbackUrl,
      startedAt: expect.any(String),
    });
    expect((await liveSellers(buyer)).some((entry) => entry.sellerId === seller.sellerId)).toBe(true);
    expect((await liveSellers(buyer, SHAN_COUNTY)).some((entry) => entry.sellerId === seller.sellerId)).toBe(false);

    const pin = await api('POST', '/v1/seller/pins', { token: seller.token, body: { productId: product.productId } });
    expect(pin.status, pin.text).toBe(201);
    expect(pin.body).toEqual({
      pinId: expect.any(String),
      productId: product.productId,
      flashPriceFen: null,
      flashStock: null,
      perBuyerLimit: null,
      startsAt: expect.any(String),
      endsAt: expect.any(String),
    });
    const [entry] = await metadataOf(seller.sellerId);
    expect(Buffer.byteLength(entry!.payload, 'utf8')).toBeLessThanOrEqual(1024);
    const payload = JSON.parse(entry!.payload);
    expect(payload).toMatchObject({ type: 'pin', pinId: pin.body.pinId, productId: product.productId, priceFen: 1200, endsAt: pin.body.endsAt });
    expect(payload.title.endsWith('…')).toBe(true);
    expect(longTitle.startsWith(payload.title.slice(0, -1))).toBe(true);
    expect(payload.title).not.toContain('\uFFFD');

    const pinned = (await liveSellers(buyer, CAO_COUNTY)).find((e) => e.sellerId === seller.sellerId);
    expect(pinned.pinnedProduct).toMatchObject({ pinId: pin.body.pinId, productId: product.productId, flashPriceFen: null });

    expect((await api('DELETE', '/v1/seller/pins/current', { token: seller.token })).status).toBe(204);
    expect((await api('DELETE', '/v1/seller/pins/current', { token: seller.token })).status).toBe(204);
    const after = await metadataOf(seller.sellerId);
    expect(JSON.parse(after.at(-1)!.payload)).toEqual({ v: 1, type: 'unpin', pinId: pin.body.pinId });
    expect((await liveSellers(buyer, CAO_COUNTY)).find((e) => e.sellerId === seller.sellerId)).not.toHaveProperty('pinnedProduct');

    expect((await streamEvent({ sellerId: seller.sellerId }, 'Stream End')).status).toBe(202);
    expect((await liveSellers(buyer)).some((e) => e.sellerId === seller.sellerId)).toBe(false);
    expect((await liveSellers(buyer, CAO_COUNTY)).some((e) => e.sellerId === seller.sellerId)).toBe(false);
  });

  it('a flash pin is checked against the product and shows its price on /v1/live', async () => {
    const seller = await newSeller();
    const product = await newProduct(seller, { priceFen: 1000, stock: 50, stockShards: 4 });
    const hidden = await newProduct(seller, { title: '藏品' });
    await api('PATCH', `/v1/seller/products/${hidden.productId}`, { token: seller.token, body: { status: 'HIDDEN' } });
    await withChannel(seller);
    await streamEvent({ sellerId: seller.sellerId }, 'Stream Start');
    const pin = (body: Record<string, unknown>) => api('POST', '/v1/seller/pins', { token: seller.token, body: { productId: product.productId, ...body } });

    const notCheaper = await pin({ flashPriceFen: 1000, flashStock: 10 });
    expectError(notCheaper, 400, 'VALIDATION_FAILED');
    expect(detailPaths(notCheaper)).toEqual(['body.flashPriceFen']);
    expect(detailPaths(await pin({ flashPriceFen: 500 }))).toEqual(['body.flashStock']);
    expect(detailPaths(await pin({ perBuyerLimit: 100 }))).toEqual(['body.perBuyerLimit']);
    expect(detailPaths(await pin({ durationSeconds: 59 }))).toEqual(['body.durationSeconds']);
    const tooMany = await pin({ flashPriceFen: 500, flashStock: 51 });
    expectError(tooMany, 409, 'OUT_OF_STOCK');
    expect(tooMany.body.error.details).toEqual([{ productId: product.productId, requested: 51, available: 50 }]);
    expectError(await api('POST', '/v1/seller/pins', { token: seller.token, body: { productId: hidden.productId } }), 409, 'CONFLICT');

    const flash = await pin({ flashPriceFen: 500, flashStock: 20, perBuyerLimit: 2, durationSeconds: 600 });
    expect(flash.status, flash.text).toBe(201);
    // Set aside from the product's 50 units, never added to them.
    const stockNow = async () => (await api('GET', `/v1/seller/products/${product.productId}`, { token: seller.token })).body.stock;
    expect(await stockNow()).toBe(50);
    expect(flash.body).toMatchObject({ flashPriceFen: 500, flashStock: 20, perBuyerLimit: 2 });
    expect(Date.parse(flash.body.endsAt) - Date.parse(flash.body.startsAt)).toBe(600_000);
    const payload = JSON.parse((await metadataOf(seller.sellerId)).at(-1)!.payload);
    expect(payload).toMatchObject({ pinId: flash.body.pinId, flashPriceFen: 500, flashStock: 20, perBuyerLimit: 2, title: '曹县黄河滩西瓜' });
    const buyer = await tokenFor(uniqueId('buyer'), 'buyers');
    const entry = (await liveSellers(buyer)).find((e) => e.sellerId === seller.sellerId);
    expect(entry.pinnedProduct).toMatchObject({ pinId: flash.body.pinId, flashPriceFen: 500, title: '曹县黄河滩西瓜' });

    expectError(await api('POST', '/v1/seller/pins', { token: await tokenFor(uniqueId('buyer'), 'buyers'), body: { productId: product.productId } }), 403, 'FORBIDDEN');

    // Replacing the pin releases its set-aside first (50 unsold, so 50 may be set aside again); PATCH
    // stock cannot go below the live set-aside; removing the pin returns it. Nothing is minted.
    expect((await pin({ flashPriceFen: 450, flashStock: 50 })).status).toBe(201);
    expect(await stockNow()).toBe(50);
    expectError(await api('PATCH', `/v1/seller/products/${product.productId}`, { token: seller.token, body: { stock: 49 } }), 409, 'CONFLICT');
    expect((await api('DELETE', '/v1/seller/pins/current', { token: seller.token })).status).toBe(204);
    const patched = await api('PATCH', `/v1/seller/products/${product.productId}`, { token: seller.token, body: { stock: 49 } });
    expect(patched.status, patched.text).toBe(200);
    expect(patched.body.stock).toBe(49);
    await streamEvent({ sellerId: seller.sellerId }, 'Stream End');
  });

  it('late and repeated events never flip the state back', async () => {
    const seller = await newSeller();
    await withChannel(seller);
    const buyer = await tokenFor(uniqueId('buyer'), 'buyers');
    const isLive = async () => (await liveSellers(buyer)).some((e) => e.sellerId === seller.sellerId);
    const redeliver = (event: unknown) => api('POST', '/_local/ivs/stream-events/redeliver', { body: { event } });

    const firstStart = (await streamEvent({ sellerId: seller.sellerId }, 'Stream Start')).body.event;
    const firstEnd = (await streamEvent({ sellerId: seller.sellerId }, 'Stream End')).body.event;
    expect(await isLive()).toBe(false);
    expect((await redeliver(firstStart)).status).toBe(202);
    expect(await isLive()).toBe(false);

    await streamEvent({ sellerId: seller.sellerId }, 'Stream Start');
    expect(await isLive()).toBe(true);
    await redeliver(firstEnd);
    await redeliver(firstStart);
    expect(await isLive()).toBe(true);
    await streamEvent({ sellerId: seller.sellerId }, 'Stream End');
    expect(await isLive()).toBe(false);
  });

  it('GET /v1/live validates its query and binds cursors to the county', async () => {
    const buyer = await tokenFor(uniqueId('buyer'), 'buyers');
    expectError(await api('GET', '/v1/live?countyCode=999999', { token: buyer }), 400, 'VALIDATION_FAILED');
    expectError(await api('GET', '/v1/live?limit=0', { token: buyer }), 400, 'VALIDATION_FAILED');
    expectError(await api('GET', '/v1/live'), 401, 'UNAUTHENTICATED');
    const foreign = Buffer.from(JSON.stringify({ pk: 'SELLER#x', sk: 'LIVE', gsi2pk: `LIVE#${CAO_COUNTY}`, gsi2sk: 'z' })).toString('base64url');
    expectError(await api('GET', `/v1/live?countyCode=${SHAN_COUNTY}&cursor=${foreign}`, { token: buyer }), 400, 'VALIDATION_FAILED');
  });
});

describe('county channels', () => {
  it("serves the county's official channel and follows its live state", async () => {
    const token = await tokenFor(uniqueId('buyer'), 'buyers');
    const offline = await api('GET', `/v1/counties/${CAO_COUNTY}/channel`, { token });
    expect(offline.status, offline.text).toBe(200);
    expect(offline.body).toEqual({
      countyCode: CAO_COUNTY,
      countyName: '曹县',
      playbackUrl: expect.stringMatching(/\.m3u8$/),
      chatRoomArn: expect.stringMatching(/^arn:aws:ivschat:/),
      live: false,
      startedAt: null,
    });
    expect((await streamEvent({ countyCode: CAO_COUNTY }, 'Stream Start')).status).toBe(202);
    const live = await api('GET', `/v1/counties/${CAO_COUNTY}/channel`, { token });
    expect(live.body).toMatchObject({ live: true, startedAt: expect.any(String), playbackUrl: offline.body.playbackUrl });
    expect((await streamEvent({ countyCode: CAO_COUNTY }, 'Stream End')).status).toBe(202);
    expect((await api('GET', `/v1/counties/${CAO_COUNTY}/channel`, { token })).body).toMatchObject({ live: false, startedAt: null });
  });

  it('404 for a county without a channel in this region, 400 for a malformed code, 401 without a token', async () => {
    const token = await tokenFor(uniqueId('seller'), 'sellers');
    expectError(await api('GET', '/v1/counties/110101/channel', { token }), 404, 'NOT_FOUND');
    expectError(await api('GET', '/v1/counties/37172/channel', { token }), 400, 'VALIDATION_FAILED');
    expectError(await api('GET', `/v1/counties/${CAO_COUNTY}/channel`), 401, 'UNAUTHENTICATED');
  });
});
