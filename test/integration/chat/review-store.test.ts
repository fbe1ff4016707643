import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, inject, it } from 'vitest';
import { chatRoomLookupKey, chatSettingsKey, productKey, slowModeKey } from '../../../lambdas/catalog/model';
import { newBan } from '../../../lambdas/chat/domain/bans';
import { slowModeClaim } from '../../../lambdas/chat/domain/slow-mode';
import { tables } from '../../../lib/topology';
import { uniqueId } from '../../support/local-api';

/**
 * The review path's store (its own small DynamoDB client, not the SDK) against the run's DynamoDB
 * Local, which ignores signatures: items written by the SDK (lib-dynamodb, as the catalog and chat
 * stores write them) read back right, and slow mode's conditional PutItem is DynamoDB's own.
 *
 * The handler's store gives each call 50 ms; an emulator on a shared machine often takes longer, and
 * tests make no timing assertions. So this builds the same adapter (createReviewStore) on a client with
 * a generous limit: it checks what is read and written, not the latency budget.
 */
const runtime = inject('localRuntime');
// The store and the SDK clients read their environment at import: point them at the emulators first.
Object.assign(process.env, runtime.env);
const { documentClient } = await import('../../../lambdas/core/aws/dynamodb');
const { createReviewStore } = await import('../../../lambdas/chat/store/review-store');
const { putBan, deleteBan, putSettings } = await import('../../../lambdas/chat/store/chat-store');
const { configFromEnvironment, createDynamoDbLite, DynamoDbError } = await import('../../../lambdas/chat/review/dynamodb-lite');

const table = tables.catalog.localName;
const dynamo = createDynamoDbLite(configFromEnvironment(process.env, 10_000));
const { roomSeller, sellerRoom, claimSlowMode } = createReviewStore(dynamo, table);
const signal = () => new AbortController().signal;
const roomArn = () => `arn:aws:ivschat:us-east-1:000000000000:room/${uniqueId('room').replace(/-/g, '')}`;

describe('review store on DynamoDB Local', () => {
  it('GetItem: the room lookup the catalog writes (lib-dynamodb) gives the seller; an unknown room gives none', async () => {
    const room = roomArn();
    const sellerId = uniqueId('seller');
    await documentClient.send(new PutCommand({ TableName: table, Item: { ...chatRoomLookupKey(room), chatRoomArn: room, sellerId } }));

    expect(await roomSeller(room, signal())).toBe(sellerId);
    expect(await roomSeller(roomArn(), signal())).toBeUndefined();
  });

  it('Query: chat settings as lib-dynamodb writes them (list, number, boolean, string); none saved → undefined', async () => {
    const sellerId = uniqueId('seller');
    await documentClient.send(
      new PutCommand({
        TableName: table,
        Item: { ...chatSettingsKey(sellerId), sellerId, blockedTerms: ['榴莲', 'durian'], slowModeSeconds: 30, maskContacts: false, version: 'v7', updatedAt: '2026-06-01T08:00:00.000Z' },
      }),
    );

    expect(await sellerRoom(sellerId, signal())).toEqual({
      settings: { blockedTerms: ['榴莲', 'durian'], slowModeSeconds: 30, maskContacts: false, version: 'v7' },
      bans: new Map(),
    });
    expect(await sellerRoom(uniqueId('seller'), signal())).toEqual({ settings: undefined, bans: new Map() });
  });

  it("Query: the seller's bans as the ban use case writes them, in the same read as the settings; expired and other sellers' bans left out", async () => {
    const sellerId = uniqueId('seller');
    const now = new Date();
    await putSettings({ sellerId, blockedTerms: ['榴莲'], slowModeSeconds: 0, maskContacts: true, version: 'v1', updatedAt: now.toISOString() });
    const permanent = newBan('troll', {}, now);
    const timed = newBan('spammer', { durationSeconds: 3600 }, now);
    const expired = newBan('old-timer', { durationSeconds: 60 }, new Date(now.getTime() - 3_600_000));
    for (const { ban, expiresAt } of [permanent, timed, expired]) await putBan(sellerId, ban, expiresAt);
    await putBan(uniqueId('seller'), newBan('elsewhere', {}, now).ban, undefined);
    // Other items of the seller's partition are not read.
    await documentClient.send(new PutCommand({ TableName: table, Item: { ...productKey(sellerId, '01JPRODUCT'), title: '榴莲' } }));

    const room = await sellerRoom(sellerId, signal());
    expect(room.settings?.blockedTerms).toEqual(['榴莲']);
    expect(room.bans).toEqual(new Map([['spammer', Date.parse(timed.ban.until!)], ['troll', null]]));

    await deleteBan(sellerId, 'troll');
    expect([...(await sellerRoom(sellerId, signal())).bans.keys()]).toEqual(['spammer']);
  });

  it('conditional PutItem: the first claim is written, a second within the window is refused, one after it is written', async () => {
    const room = roomArn();
    const userId = uniqueId('buyer');
    const start = Date.parse('2026-06-01T08:00:00Z');

    expect(await claimSlowMode(room, userId, slowModeClaim(start, 30), signal())).toBe('claimed');
    expect(await claimSlowMode(room, userId, slowModeClaim(start + 10_000, 30), signal())).toBe('too-soon');
    expect(await claimSlowMode(room, userId, slowModeClaim(start + 30_000, 30), signal())).toBe('claimed');

    const { Item } = await documentClient.send(new GetCommand({ TableName: table, Key: slowModeKey(room, userId), ConsistentRead: true }));
    expect(Item).toEqual({ ...slowModeKey(room, userId), lastMessageAt: start + 30_000, expiresAt: slowModeClaim(start + 30_000, 30).expiresAt });
  });

  it('the client itself: the refused PutItem rejects with ConditionalCheckFailedException off the wire', async () => {
    const key = slowModeKey(roomArn(), uniqueId('buyer'));
    const put = {
      TableName: table,
      Item: { pk: { S: key.pk }, sk: { S: key.sk }, lastMessageAt: { N: '1000' } },
      ConditionExpression: 'attribute_not_exists(pk)',
    };

    await expect(dynamo.putItem(put)).resolves.toBeUndefined();
    const refused = await dynamo.putItem(put).catch((error: unknown) => error);

    expect(refused).toBeInstanceOf(DynamoDbError);
    expect(refused).toMatchObject({ name: 'ConditionalCheckFailedException', statusCode: 400 });
  });
});
