import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { channelKey, chatBanKey, chatSettingsKey, countyChannelKey, COUNTY_CHANNELS_PARTITION, countyLiveKey, profileKey, sellerLiveKey } from '../../lambdas/catalog/model';
import { countyChannelRoute, getProfileRoute, listLiveRoute, rotateStreamKeyRoute } from '../../lambdas/catalog/routes';
import { createChatTokenRoute, getChatSettingsRoute, listChatBansRoute } from '../../lambdas/chat/routes';
import type { AnyRoute, UserGroup } from '../../lambdas/core/http/route';
import { captureOutput } from './catalog/support';
import { httpEvent, invoke } from '../support/lambda-http';

vi.hoisted(() => {
  Object.assign(process.env, {
    POWERTOOLS_LOG_LEVEL: 'ERROR',
    CHAT_REVIEW_FUNCTION_ARN: 'arn:aws:lambda:us-east-1:123456789012:function:village-live-test-chat-review',
    CHAT_FALLBACK_RESULT: 'DENY',
    CHAT_MAX_MESSAGE_LENGTH: '200',
    CHAT_MAX_MESSAGE_RATE: '10',
    CHAT_TOKEN_SESSION_MINUTES: '60',
  });
});

const handlers = {
  getProfile: (await import('../../lambdas/catalog/handlers/get-profile')).handler,
  countyChannel: (await import('../../lambdas/catalog/handlers/county-channel')).handler,
  listLive: (await import('../../lambdas/catalog/handlers/list-live')).handler,
  rotateStreamKey: (await import('../../lambdas/catalog/handlers/rotate-stream-key')).handler,
  getChatSettings: (await import('../../lambdas/chat/handlers/get-settings')).handler,
  createToken: (await import('../../lambdas/chat/handlers/create-token')).handler,
  listBans: (await import('../../lambdas/chat/handlers/list-bans')).handler,
};

const ddb = mockClient(DynamoDBDocumentClient);
const at = '2026-06-01T00:00:00.000Z';
let output: ReturnType<typeof captureOutput>;
beforeEach(() => {
  ddb.reset();
  ddb.on(GetCommand).resolves({});
  ddb.on(QueryCommand, { ExpressionAttributeValues: { ':pk': COUNTY_CHANNELS_PARTITION } }).resolves({
    Items: [
      {
        ...countyChannelKey('371721'),
        countyCode: '371721',
        channelArn: 'arn:aws:ivs:us-east-1:123456789012:channel/countyCHAN01',
        playbackUrl: 'https://county.m3u8',
        chatRoomArn: 'arn:aws:ivschat:us-east-1:123456789012:room/countyROOM01',
      },
    ],
  });
  output = captureOutput();
});
afterEach(() => output.restore());

/** A malformed stored item is a 500 with the generic envelope, and the log names the item type and its key. */
async function expectMalformed(
  call: { handler: (event: any, context: any) => Promise<unknown>; route: AnyRoute; groups: UserGroup[]; pathParameters?: Record<string, string>; body?: unknown },
  itemType: string,
  key: { pk: string; sk: string },
) {
  const response = await invoke(call.handler, httpEvent(call.route, { sub: 'zhang', groups: call.groups, pathParameters: call.pathParameters, body: call.body }));
  expect(response.status).toBe(500);
  expect(response.body.error).toEqual({ code: 'INTERNAL', message: 'Something went wrong on our side' });
  expect(response.raw).not.toContain(key.pk);
  const log = output.text();
  expect(log).toContain('MalformedItemError');
  expect(log).toContain(`Malformed ${itemType} item`);
  expect(log).toContain(JSON.stringify(key).replace(/"/g, '\\"'));
}

describe('catalog: a malformed item is an error with its key, never a wrong value', () => {
  it('a seller profile without its display name', async () => {
    ddb.on(GetCommand, { Key: profileKey('zhang') }).resolves({
      Item: { ...profileKey('zhang'), sellerId: 'zhang', countyCode: '371721', village: '青固集', createdAt: at, updatedAt: at },
    });
    await expectMalformed({ handler: handlers.getProfile, route: getProfileRoute, groups: ['sellers'] }, 'seller profile', profileKey('zhang'));
  });

  it('a county live status whose flag is a string', async () => {
    ddb.on(GetCommand, { Key: countyLiveKey('371721') }).resolves({
      Item: { ...countyLiveKey('371721'), live: 'true', channelArn: 'c', stateVersion: `${at}#0`, streamId: 's', startedAt: at, updatedAt: at },
    });
    await expectMalformed(
      { handler: handlers.countyChannel, route: countyChannelRoute, groups: ['buyers'], pathParameters: { countyCode: '371721' } },
      'live status',
      countyLiveKey('371721'),
    );
  });

  it('a live seller in the live index without its state version', async () => {
    ddb.on(QueryCommand).resolves({ Items: [{ ...sellerLiveKey('wang'), live: true, channelArn: 'c', streamId: 's', startedAt: at, updatedAt: at, gsi1pk: 'LIVE', gsi1sk: at }] });
    await expectMalformed({ handler: handlers.listLive, route: listLiveRoute, groups: ['buyers'] }, 'live status', sellerLiveKey('wang'));
  });

  it('a seller channel in an unknown state', async () => {
    ddb.on(GetCommand, { Key: channelKey('zhang') }).resolves({
      Item: { ...channelKey('zhang'), sellerId: 'zhang', state: 'DONE', claimId: 'c', claimedAt: at, channelName: 'n', createdAt: at, updatedAt: at },
    });
    await expectMalformed({ handler: handlers.rotateStreamKey, route: rotateStreamKeyRoute, groups: ['sellers'] }, 'seller channel', channelKey('zhang'));
  });
});

describe('chat: a malformed item is an error with its key, never a wrong value', () => {
  it('chat settings whose blocked terms are one string', async () => {
    ddb.on(GetCommand, { Key: chatSettingsKey('zhang') }).resolves({
      Item: { ...chatSettingsKey('zhang'), sellerId: 'zhang', blockedTerms: '微信', slowModeSeconds: 0, maskContacts: true, version: 'v1', updatedAt: at },
    });
    await expectMalformed({ handler: handlers.getChatSettings, route: getChatSettingsRoute, groups: ['sellers'] }, 'chat settings', chatSettingsKey('zhang'));
  });

  it('a ban whose end is a number (read when a chat token is asked for)', async () => {
    ddb.on(GetCommand, { Key: channelKey('zhang') }).resolves({ Item: { state: 'READY', chatRoomArn: 'arn:aws:ivschat:us-east-1:123456789012:room/r' } });
    ddb.on(GetCommand, { Key: chatBanKey('zhang', 'zhang') }).resolves({
      Item: { ...chatBanKey('zhang', 'zhang'), sellerId: 'zhang', userId: 'zhang', until: 1_900_000_000, reason: null, createdAt: at },
    });
    await expectMalformed(
      { handler: handlers.createToken, route: createChatTokenRoute, groups: ['sellers'], body: { sellerId: 'zhang' } },
      'chat ban',
      chatBanKey('zhang', 'zhang'),
    );
  });

  it('the seller channel as chat reads it (state and room), with a room that is not a string', async () => {
    ddb.on(GetCommand, { Key: channelKey('zhang') }).resolves({ Item: { state: 'READY', chatRoomArn: 42 } });
    await expectMalformed(
      { handler: handlers.createToken, route: createChatTokenRoute, groups: ['sellers'], body: { sellerId: 'zhang' } },
      'seller channel (state, chatRoomArn)',
      channelKey('zhang'),
    );
  });

  it('a ban in the list without its user id', async () => {
    ddb.on(QueryCommand).resolves({ Items: [{ ...chatBanKey('zhang', 'x'), sellerId: 'zhang', until: null, reason: null, createdAt: at }] });
    await expectMalformed({ handler: handlers.listBans, route: listChatBansRoute, groups: ['sellers'] }, 'chat ban', chatBanKey('zhang', 'x'));
  });
});
