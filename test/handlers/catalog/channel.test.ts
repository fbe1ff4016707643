import {
  AccessDeniedException,
  CreateChannelCommand,
  CreateStreamKeyCommand,
  GetStreamKeyCommand,
  IvsClient,
  ListStreamKeysCommand,
  ResourceNotFoundException,
  ServiceQuotaExceededException,
  ThrottlingException,
} from '@aws-sdk/client-ivs';
import { CreateRoomCommand, IvschatClient, ThrottlingException as ChatThrottlingException } from '@aws-sdk/client-ivschat';
import { DynamoDBDocumentClient, GetCommand, PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { channelKey, profileKey, type ChannelItem } from '../../../lambdas/catalog/model';
import { createChannelRoute, rotateStreamKeyRoute } from '../../../lambdas/catalog/routes';
import { captureOutput, catalogTestEnv, httpEvent, invoke } from './support';

vi.hoisted(() => {
  // Log everything, the incoming event included: the stream key must still appear nowhere.
  Object.assign(process.env, { POWERTOOLS_LOG_LEVEL: 'DEBUG', POWERTOOLS_LOGGER_LOG_EVENT: 'true' });
});
Object.assign(process.env, catalogTestEnv);

const { handler: createChannel } = await import('../../../lambdas/catalog/handlers/create-channel');
const { handler: rotateStreamKey } = await import('../../../lambdas/catalog/handlers/rotate-stream-key');

const ddb = mockClient(DynamoDBDocumentClient);
const ivs = mockClient(IvsClient);
const chat = mockClient(IvschatClient);

const SECRET = 'sk_us-east-1_SECRETsecretSECRETsecretSECRET1234';
const ROTATED = 'sk_us-east-1_ROTATEDrotatedROTATEDrotated9876';
const channelArn = 'arn:aws:ivs:us-east-1:123456789012:channel/abcdEFGH1234';
const roomArn = 'arn:aws:ivschat:us-east-1:123456789012:room/roomROOM1234';
const profile = { sellerId: 'zhang', displayName: '张', countyCode: '371721', village: '村', createdAt: 'c', updatedAt: 'u' };
const ready: ChannelItem = {
  sellerId: 'zhang',
  state: 'READY',
  claimId: 'claim',
  claimedAt: '2026-06-01T00:00:00.000Z',
  channelName: 'village-live-test-seller-zhang',
  channelArn,
  ingestEndpoint: 'abc.global-contribute.live-video.net',
  playbackUrl: 'https://abc.us-east-1.playback.live-video.net/x.m3u8',
  streamKeyArn: 'arn:aws:ivs:us-east-1:123456789012:stream-key/key1',
  chatRoomArn: roomArn,
  createdAt: 'c',
  updatedAt: 'u',
};
const awsError = <T>(Type: new (options: any) => T, message = 'failed') => new Type({ message, $metadata: { httpStatusCode: 400, requestId: 'aws-req' } });

let output: ReturnType<typeof captureOutput>;
beforeEach(() => {
  ddb.reset();
  ivs.reset();
  chat.reset();
  ddb.on(GetCommand, { Key: profileKey('zhang') }).resolves({ Item: profile });
  ddb.on(PutCommand).resolves({});
  ddb.on(TransactWriteCommand).resolves({});
  ddb.on(UpdateCommand).resolves({});
  ivs.on(CreateChannelCommand).resolves({
    channel: { arn: channelArn, ingestEndpoint: ready.ingestEndpoint, playbackUrl: ready.playbackUrl },
    streamKey: { arn: ready.streamKeyArn, value: SECRET, channelArn },
  });
  chat.on(CreateRoomCommand).resolves({ arn: roomArn });
  output = captureOutput();
});
afterEach(() => output.restore());

describe('POST /v1/seller/channel', () => {
  it('creates channel and room once, returns the key to its owner and never logs it', async () => {
    ddb.on(GetCommand, { Key: channelKey('zhang') }).resolvesOnce({}).resolves({ Item: ready });
    const response = await invoke(createChannel, httpEvent(createChannelRoute));
    output.restore();
    expect(response.status).toBe(201);
    expect(response.body).toEqual({ channelArn, ingestEndpoint: ready.ingestEndpoint, streamKey: SECRET, playbackUrl: ready.playbackUrl, chatRoomArn: roomArn });

    expect(ivs.commandCalls(CreateChannelCommand)[0]!.args[0].input).toMatchObject({
      latencyMode: 'LOW',
      type: 'STANDARD',
      tags: { 'village-live:seller-id': 'zhang' },
    });
    expect(chat.commandCalls(CreateRoomCommand)[0]!.args[0].input).toMatchObject({
      maximumMessageLength: 200,
      maximumMessageRatePerSecond: 10,
      messageReviewHandler: { uri: catalogTestEnv.CHAT_REVIEW_FUNCTION_ARN, fallbackResult: 'DENY' },
      tags: { 'village-live:seller-id': 'zhang' },
    });
    // The claim is a conditional put: concurrent callers cannot both create.
    expect(ddb.commandCalls(PutCommand)[0]!.args[0].input).toMatchObject({ ConditionExpression: 'attribute_not_exists(pk)', Item: { state: 'CREATING' } });

    // Nor is it stored: the key's value lives in IVS only.
    expect(JSON.stringify(ddb.calls().map((call) => call.args[0].input))).not.toContain(SECRET);

    const logs = output.text();
    expect(logs).toContain('Seller channel created');
    expect(logs).not.toContain(SECRET);
    expect(logs).not.toContain(SECRET.slice(-20));
  });

  it('returns the existing channel with its current key (200), without logging it', async () => {
    ddb.on(GetCommand, { Key: channelKey('zhang') }).resolves({ Item: ready });
    ivs.on(GetStreamKeyCommand).resolves({ streamKey: { arn: ready.streamKeyArn, value: SECRET } });
    const response = await invoke(createChannel, httpEvent(createChannelRoute));
    output.restore();
    expect(response.status).toBe(200);
    expect(response.body.streamKey).toBe(SECRET);
    expect(ivs.commandCalls(CreateChannelCommand)).toHaveLength(0);
    expect(output.text()).not.toContain(SECRET);
  });

  const faults: [string, Error, number, string][] = [
    ['throttling', awsError(ThrottlingException, 'Rate exceeded'), 429, 'RATE_LIMITED'],
    ['a service quota', awsError(ServiceQuotaExceededException, 'Channel quota exceeded'), 503, 'UNAVAILABLE'],
    ['access denied', awsError(AccessDeniedException, 'User: arn:aws:sts::123456789012:assumed-role/x is not authorized'), 500, 'INTERNAL'],
  ];
  for (const [name, error, status, code] of faults) {
    it(`maps ${name} on CreateChannel to ${status} ${code}, logs it safely and frees the claim`, async () => {
      ddb.on(GetCommand, { Key: channelKey('zhang') }).resolves({});
      ivs.on(CreateChannelCommand).rejects(error);
      const response = await invoke(createChannel, httpEvent(createChannelRoute));
      output.restore();
      expect(response.status).toBe(status);
      expect(response.body.error.code).toBe(code);
      expect(response.raw).not.toContain(error.message);
      const logs = output.text();
      expect(logs).toContain(error.name);
      expect(logs).toContain('CreateChannel');
      expect(logs).not.toContain(SECRET);
      // Released: the next call takes the claim over at once instead of waiting for it to go stale.
      expect(ddb.commandCalls(UpdateCommand).some((call) => call.args[0].input.ExpressionAttributeValues?.[':epoch'] === new Date(0).toISOString())).toBe(true);
    });
  }

  it('a throttled CreateRoom after the channel exists is 429, and the channel is kept for the retry', async () => {
    ddb.on(GetCommand, { Key: channelKey('zhang') }).resolves({});
    chat.on(CreateRoomCommand).rejects(awsError(ChatThrottlingException));
    const response = await invoke(createChannel, httpEvent(createChannelRoute));
    output.restore();
    expect(response.status).toBe(429);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(1); // recordIvsChannel
    expect(output.text()).not.toContain(SECRET);
  });

  it('without a profile: 409 PROFILE_REQUIRED, nothing created', async () => {
    ddb.on(GetCommand, { Key: profileKey('zhang') }).resolves({});
    const response = await invoke(createChannel, httpEvent(createChannelRoute));
    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe('PROFILE_REQUIRED');
    expect(ivs.calls()).toHaveLength(0);
  });
});

describe('POST /v1/seller/channel/stream-key', () => {
  it('rotates (delete + create) and returns only the new key; logs neither key', async () => {
    ddb.on(GetCommand, { Key: channelKey('zhang') }).resolves({ Item: ready });
    ivs.on(ListStreamKeysCommand).resolves({ streamKeys: [{ arn: ready.streamKeyArn, channelArn }] });
    ivs.on(CreateStreamKeyCommand).resolves({ streamKey: { arn: 'arn:aws:ivs:us-east-1:123456789012:stream-key/key2', value: ROTATED } });
    const response = await invoke(rotateStreamKey, httpEvent(rotateStreamKeyRoute));
    output.restore();
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ streamKey: ROTATED });
    expect(output.text()).not.toContain(ROTATED);
  });

  it('a channel IVS no longer has → 404', async () => {
    ddb.on(GetCommand, { Key: channelKey('zhang') }).resolves({ Item: ready });
    ivs.on(ListStreamKeysCommand).rejects(awsError(ResourceNotFoundException, `Resource: ${channelArn} not found`));
    const response = await invoke(rotateStreamKey, httpEvent(rotateStreamKeyRoute));
    output.restore();
    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe('NOT_FOUND');
    expect(output.text()).toContain('ResourceNotFoundException');
  });

  it('a concurrent rotation (ServiceQuotaExceeded on create) is retried from the top', async () => {
    ddb.on(GetCommand, { Key: channelKey('zhang') }).resolves({ Item: ready });
    ivs.on(ListStreamKeysCommand).resolves({ streamKeys: [] });
    ivs
      .on(CreateStreamKeyCommand)
      .rejectsOnce(awsError(ServiceQuotaExceededException))
      .resolves({ streamKey: { arn: 'arn:aws:ivs:us-east-1:123456789012:stream-key/key3', value: ROTATED } });
    const response = await invoke(rotateStreamKey, httpEvent(rotateStreamKeyRoute));
    expect(response.status).toBe(200);
    expect(ivs.commandCalls(ListStreamKeysCommand)).toHaveLength(2);
  });
});

