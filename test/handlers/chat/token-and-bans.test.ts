import { CreateChatTokenCommand, DisconnectUserCommand, IvschatClient, ThrottlingException } from '@aws-sdk/client-ivschat';
import { DeleteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { channelKey, chatBanKey, type ChatBanItem } from '../../../lambdas/catalog/model';
import { createChatBanRoute, createChatTokenRoute, deleteChatBanRoute, listChatBansRoute } from '../../../lambdas/chat/routes';
import { captureOutput, httpEvent, invoke } from '../catalog/support';

vi.hoisted(() => {
  // Log everything, the incoming event included: the chat token must still appear nowhere.
  Object.assign(process.env, { POWERTOOLS_LOG_LEVEL: 'DEBUG', POWERTOOLS_LOGGER_LOG_EVENT: 'true', CHAT_TOKEN_SESSION_MINUTES: '45' });
});

const { handler: createToken } = await import('../../../lambdas/chat/handlers/create-token');
const { handler: createBan } = await import('../../../lambdas/chat/handlers/create-ban');
const { handler: deleteBan } = await import('../../../lambdas/chat/handlers/delete-ban');
const { handler: listBans } = await import('../../../lambdas/chat/handlers/list-bans');

const ddb = mockClient(DynamoDBDocumentClient);
const chat = mockClient(IvschatClient);

const TOKEN = 'AQICAHgSECRETchatTOKENvalue0123456789abcdefSECRET';
const roomArn = 'arn:aws:ivschat:us-east-1:123456789012:room/roomROOM1234';
const readyChannel = { state: 'READY', chatRoomArn: roomArn };
const tokenResponse = { token: TOKEN, tokenExpirationTime: new Date('2026-06-01T08:01:00Z'), sessionExpirationTime: new Date('2026-06-01T08:45:00Z') };

let output: ReturnType<typeof captureOutput>;
beforeEach(() => {
  ddb.reset();
  chat.reset();
  ddb.on(GetCommand).resolves({});
  ddb.on(GetCommand, { Key: channelKey('zhang') }).resolves({ Item: readyChannel });
  chat.on(CreateChatTokenCommand).resolves(tokenResponse);
  output = captureOutput();
});
afterEach(() => output.restore());

const tokenRequest = (sub: string, body: unknown = { sellerId: 'zhang' }, groups: ('buyers' | 'sellers')[] = ['buyers']) =>
  invoke(createToken, httpEvent(createChatTokenRoute, { sub, groups, body }));

describe('POST /v1/chat/token', () => {
  it('gives a buyer SEND_MESSAGE only, whatever the request asks for, with the configured session length', async () => {
    const response = await tokenRequest('buyer-1', { sellerId: 'zhang', capabilities: ['DISCONNECT_USER', 'DELETE_MESSAGE'] });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ token: TOKEN, tokenExpirationTime: '2026-06-01T08:01:00.000Z', sessionExpirationTime: '2026-06-01T08:45:00.000Z' });
    expect(chat.commandCalls(CreateChatTokenCommand)[0]!.args[0].input).toEqual({
      roomIdentifier: roomArn,
      userId: 'buyer-1',
      capabilities: ['SEND_MESSAGE'],
      sessionDurationInMinutes: 45,
    });
  });

  it("gives the room's own seller the moderator capabilities", async () => {
    expect((await tokenRequest('zhang', { sellerId: 'zhang' }, ['sellers'])).status).toBe(200);
    expect(chat.commandCalls(CreateChatTokenCommand)[0]!.args[0].input.capabilities).toEqual(['SEND_MESSAGE', 'DELETE_MESSAGE', 'DISCONNECT_USER']);
  });

  it('never writes the token to the logs', async () => {
    await tokenRequest('buyer-1');
    await tokenRequest('zhang', { sellerId: 'zhang' }, ['sellers']);
    expect(output.text()).toContain('Chat token issued');
    expect(output.text()).not.toContain(TOKEN);
  });

  it('refuses a banned user with 403 BANNED, and a ban that has run out no longer counts', async () => {
    const ban: ChatBanItem = { sellerId: 'zhang', userId: 'troll', until: null, reason: 'spam', createdAt: '2026-06-01T00:00:00Z' };
    ddb.on(GetCommand, { Key: chatBanKey('zhang', 'troll') }).resolves({ Item: ban });
    const refused = await tokenRequest('troll');
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('BANNED');
    expect(chat.commandCalls(CreateChatTokenCommand)).toHaveLength(0);

    ddb.on(GetCommand, { Key: chatBanKey('zhang', 'troll') }).resolves({ Item: { ...ban, until: '2000-01-01T00:00:00.000Z', expiresAt: 946684800 } });
    expect((await tokenRequest('troll')).status).toBe(200);
  });

  it('404 when the seller has no chat room (no channel yet, or still being created)', async () => {
    expect((await tokenRequest('buyer-1', { sellerId: 'nobody' })).status).toBe(404);
    ddb.on(GetCommand, { Key: channelKey('zhang') }).resolves({ Item: { state: 'CREATING' } });
    expect((await tokenRequest('buyer-1')).status).toBe(404);
  });

  it('400 without a sellerId', async () => {
    const response = await tokenRequest('buyer-1', {});
    expect(response.status).toBe(400);
    expect(response.body.error.details[0].path).toBe('body.sellerId');
  });

  it('IVS Chat throttling → 429', async () => {
    chat.on(CreateChatTokenCommand).rejects(new ThrottlingException({ message: 'slow down', $metadata: {}, limit: 1, resourceId: 'room', resourceType: 'ROOM' }));
    expect((await tokenRequest('buyer-1')).status).toBe(429);
  });
});

describe('bans', () => {
  const banRequest = (body: unknown, sub = 'zhang') => invoke(createBan, httpEvent(createChatBanRoute, { sub, groups: ['sellers'], body }));

  it('stores the ban, then disconnects the user from the seller\'s room', async () => {
    ddb.on(PutCommand).resolves({});
    chat.on(DisconnectUserCommand).resolves({});
    const response = await banRequest({ userId: 'troll', durationSeconds: 600, reason: '发广告' });
    expect(response.status).toBe(201);
    expect(response.body).toEqual({ userId: 'troll', until: expect.any(String), reason: '发广告' });
    const put = ddb.commandCalls(PutCommand)[0]!.args[0].input;
    expect(put.Item).toMatchObject({ ...chatBanKey('zhang', 'troll'), userId: 'troll', reason: '发广告', expiresAt: expect.any(Number) });
    expect(chat.commandCalls(DisconnectUserCommand)[0]!.args[0].input).toEqual({ roomIdentifier: roomArn, userId: 'troll', reason: '发广告' });
  });

  it('a permanent ban has no TTL; without a room there is nobody to disconnect', async () => {
    ddb.on(GetCommand, { Key: channelKey('zhang') }).resolves({});
    ddb.on(PutCommand).resolves({});
    const response = await banRequest({ userId: 'troll' });
    expect(response.body).toEqual({ userId: 'troll', until: null, reason: null });
    expect(ddb.commandCalls(PutCommand)[0]!.args[0].input.Item).not.toHaveProperty('expiresAt');
    expect(chat.commandCalls(DisconnectUserCommand)).toHaveLength(0);
  });

  it('a failed disconnect reaches the seller (the ban is stored; repeating is safe)', async () => {
    ddb.on(PutCommand).resolves({});
    chat.on(DisconnectUserCommand).rejects(new ThrottlingException({ message: 'slow down', $metadata: {}, limit: 1, resourceId: 'room', resourceType: 'ROOM' }));
    expect((await banRequest({ userId: 'troll' })).status).toBe(429);
    expect(ddb.commandCalls(PutCommand)).toHaveLength(1);
  });

  it.each([
    [{ userId: 'zhang' }, 'body.userId'],
    [{ userId: 'troll', durationSeconds: 59 }, 'body.durationSeconds'],
    [{ userId: 'troll', durationSeconds: 1_209_601 }, 'body.durationSeconds'],
    [{ userId: 'troll', reason: 'x'.repeat(201) }, 'body.reason'],
    [{ userId: '' }, 'body.userId'],
  ])('400 for %j', async (body, path) => {
    const response = await banRequest(body);
    expect(response.status).toBe(400);
    expect(response.body.error.details.map((d: { path: string }) => d.path)).toContain(path);
  });

  it('unban deletes the item and answers 204', async () => {
    ddb.on(DeleteCommand).resolves({});
    const response = await invoke(deleteBan, httpEvent(deleteChatBanRoute, { sub: 'zhang', groups: ['sellers'], pathParameters: { userId: 'troll' } }));
    expect(response.status).toBe(204);
    expect(ddb.commandCalls(DeleteCommand)[0]!.args[0].input.Key).toEqual(chatBanKey('zhang', 'troll'));
  });

  it('the list leaves out expired bans and refuses a cursor from another seller', async () => {
    const item = (userId: string, until: string | null) => ({ ...chatBanKey('zhang', userId), sellerId: 'zhang', userId, until, reason: null, createdAt: '2026-06-01T00:00:00Z' });
    ddb.on(QueryCommand).resolves({ Items: [item('a', null), item('b', '2000-01-01T00:00:00.000Z'), item('c', '2999-01-01T00:00:00.000Z')] });
    const list = await invoke(listBans, httpEvent(listChatBansRoute, { sub: 'zhang', groups: ['sellers'] }));
    expect(list.status).toBe(200);
    expect(list.body).toEqual({
      items: [
        { userId: 'a', until: null, reason: null, createdAt: '2026-06-01T00:00:00Z' },
        { userId: 'c', until: '2999-01-01T00:00:00.000Z', reason: null, createdAt: '2026-06-01T00:00:00Z' },
      ],
      nextCursor: null,
    });

    const { bansList } = await import('../../../lambdas/chat/store/chat-store');
    const foreign = bansList.encode({ pk: 'SELLER#li' }, chatBanKey('li', 'x'))!;
    const refused = await invoke(listBans, httpEvent(listChatBansRoute, { sub: 'zhang', groups: ['sellers'], query: { cursor: foreign } }));
    expect(refused.status).toBe(400);
    // Signed for this seller, but a key outside the ban list (the server never issues one): still refused.
    const outside = bansList.encode({ pk: 'SELLER#zhang' }, { pk: 'SELLER#zhang', sk: 'PROFILE' })!;
    expect((await invoke(listBans, httpEvent(listChatBansRoute, { sub: 'zhang', groups: ['sellers'], query: { cursor: outside } }))).status).toBe(400);
  });

  it('buyers may not manage bans', async () => {
    const response = await invoke(createBan, httpEvent(createChatBanRoute, { sub: 'buyer-1', groups: ['buyers'], body: { userId: 'x' } }));
    expect(response.status).toBe(403);
  });
});
