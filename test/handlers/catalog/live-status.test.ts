import { AccessDeniedException, ChannelNotBroadcasting, GetStreamCommand, IvsClient } from '@aws-sdk/client-ivs';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { channelKey, channelLookupKey, countyChannelKey, COUNTY_CHANNELS_PARTITION, countyLiveKey, profileKey, sellerLiveKey } from '../../../lambdas/catalog/model';
import { lambdaContext } from '../../../local/lambda-context';

const countyArn = 'arn:aws:ivs:us-east-1:123456789012:channel/countyCHAN01';
vi.hoisted(() => {
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
});
const { handler } = await import('../../../lambdas/catalog/handlers/live-status');
const { handler: reconcile } = await import('../../../lambdas/catalog/handlers/reconcile-live');

const ddb = mockClient(DynamoDBDocumentClient);
const ivs = mockClient(IvsClient);
// A new broadcast is announced: the first fan-out message (no event bus in tests: the event is logged).
const sqs = mockClient(SQSClient);
const channelArn = 'arn:aws:ivs:us-east-1:123456789012:channel/sellerCHAN01';

const event = (name: string, arn = channelArn, time = '2026-06-01T08:00:00Z') => ({
  version: '0',
  id: 'e1',
  'detail-type': 'IVS Stream State Change',
  source: 'aws.ivs',
  account: '123456789012',
  time,
  region: 'us-east-1',
  resources: [arn],
  detail: { event_name: name, channel_name: 'n', stream_id: 'st-1' },
});
const deliver = (payload: unknown) => handler(payload, lambdaContext('liveStatus')) as Promise<{ outcome: string }>;
const at = '2026-06-01T00:00:00.000Z';
const profile = { sellerId: 'zhang', displayName: '张', countyCode: '371722', village: '青固集', createdAt: at, updatedAt: at };
const channel = { sellerId: 'zhang', state: 'READY', claimId: 'c1', claimedAt: at, channelName: 'n', channelArn, playbackUrl: 'https://seller.m3u8', createdAt: at, updatedAt: at };
const liveItem = { ...sellerLiveKey('zhang'), channelArn, live: true, stateVersion: `${at}#0`, streamId: 'st-1', startedAt: at, updatedAt: at, gsi1pk: 'LIVE', gsi1sk: `${at}#zhang` };
const countyItem = {
  ...countyChannelKey('371721'),
  countyCode: '371721',
  channelArn: countyArn,
  playbackUrl: 'https://county.m3u8',
  chatRoomArn: 'arn:aws:ivschat:us-east-1:123456789012:room/countyROOM01',
};
const putItem = () => ddb.commandCalls(PutCommand)[0]?.args[0].input;

beforeEach(() => {
  ddb.reset();
  ivs.reset();
  sqs.reset();
  sqs.on(SendMessageCommand).resolves({ MessageId: 'm1' });
  ddb.on(GetCommand, { Key: sellerLiveKey('zhang') }).resolves({});
  ddb.on(GetCommand, { Key: countyLiveKey('371721') }).resolves({});
  ddb.on(UpdateCommand).resolves({});
  ddb.on(GetCommand, { Key: channelLookupKey(channelArn) }).resolves({ Item: { channelArn, sellerId: 'zhang' } });
  ddb.on(GetCommand, { Key: profileKey('zhang') }).resolves({ Item: { ...profileKey('zhang'), ...profile } });
  ddb.on(GetCommand, { Key: channelKey('zhang') }).resolves({ Item: { ...channelKey('zhang'), ...channel } });
  ddb.on(PutCommand).resolves({});
  // The county channels, as the provisioner wrote them (read once per container, then cached).
  ddb.on(QueryCommand, { ExpressionAttributeValues: { ':pk': COUNTY_CHANNELS_PARTITION } }).resolves({ Items: [countyItem] });
});

describe('live-status handler', () => {
  it('trusts GetStream over the event, and puts a live seller in the live indexes', async () => {
    ivs.on(GetStreamCommand).resolves({ stream: { channelArn, streamId: 'st-9', state: 'LIVE', startTime: new Date('2026-06-01T07:59:00Z') } });
    expect(await deliver(event('Stream End'))).toEqual({ outcome: 'written' });
    const input = putItem()!;
    expect(input.ConditionExpression).toBe('attribute_not_exists(pk)'); // nothing stored yet
    expect(sqs.commandCalls(SendMessageCommand)).toHaveLength(1); // a new broadcast: the fan-out starts
    expect(input.Item).toMatchObject({
      ...sellerLiveKey('zhang'),
      live: true,
      streamId: 'st-9',
      startedAt: '2026-06-01T07:59:00.000Z',
      displayName: '张',
      countyCode: '371722',
      playbackUrl: 'https://seller.m3u8',
      gsi1pk: 'LIVE',
      gsi2pk: 'LIVE#371722',
    });
  });

  it('a malformed channel lookup fails the event with its key (retried), never a live status for a wrong seller', async () => {
    ddb.on(GetCommand, { Key: channelLookupKey(channelArn) }).resolves({ Item: { ...channelLookupKey(channelArn), channelArn, sellerId: 7 } });
    await expect(deliver(event('Stream Start'))).rejects.toMatchObject({ name: 'MalformedItemError', key: channelLookupKey(channelArn) });
    expect(ddb.commandCalls(PutCommand)).toHaveLength(0);
  });

  it('ChannelNotBroadcasting from GetStream means offline: no index keys', async () => {
    ivs.on(GetStreamCommand).rejects(new ChannelNotBroadcasting({ message: 'not live', $metadata: {} }));
    await deliver(event('Stream Start'));
    expect(putItem()!.Item).toMatchObject({ live: false, startedAt: null });
    expect(putItem()!.Item).not.toHaveProperty('gsi1pk');
  });

  it('falls back on the event, stamped with its own time, when GetStream is denied or failing', async () => {
    ivs.on(GetStreamCommand).rejects(new AccessDeniedException({ message: 'denied', $metadata: {} }));
    await deliver(event('Stream Start', channelArn, '2026-06-01T08:00:05Z'));
    expect(putItem()!.Item).toMatchObject({ live: true, stateVersion: '2026-06-01T08:00:05.000Z#0', startedAt: '2026-06-01T08:00:05.000Z' });
  });

  it('an older observation loses the conditional write quietly (no retry storm)', async () => {
    ivs.on(GetStreamCommand).rejects(new AccessDeniedException({ message: 'denied', $metadata: {} }));
    ddb.on(PutCommand).rejects(new ConditionalCheckFailedException({ message: 'stale', $metadata: {} }));
    // A newer End landed between the read and the write: read again, and the Start is stale.
    ddb.on(GetCommand, { Key: sellerLiveKey('zhang') }).resolvesOnce({}).resolves({ Item: { ...liveItem, live: false, stateVersion: '2026-06-01T09:00:00.000Z#1' } });
    expect(await deliver(event('Stream Start'))).toEqual({ outcome: 'stale' });
    expect(ddb.commandCalls(PutCommand)).toHaveLength(1);
  });

  it('county channels are recognised from the county channel items of the catalog table', async () => {
    ivs.on(GetStreamCommand).resolves({ stream: { channelArn: countyArn, streamId: 'st-c', state: 'LIVE', startTime: new Date('2026-06-01T07:00:00Z') } });
    await deliver(event('Stream Start', countyArn));
    expect(putItem()!.Item).toMatchObject({ ...countyLiveKey('371721'), live: true, countyCode: '371721' });
    expect(putItem()!.Item).not.toHaveProperty('gsi1pk');
  });

  it('unknown channels and malformed events are dropped without a write', async () => {
    ddb.on(GetCommand, { Key: channelLookupKey('arn:aws:ivs:us-east-1:123456789012:channel/nobody') }).resolves({});
    expect(await deliver(event('Stream Start', 'arn:aws:ivs:us-east-1:123456789012:channel/nobody'))).toEqual({ outcome: 'unknown-channel' });
    expect(await deliver({ source: 'aws.s3' })).toEqual({ outcome: 'invalid' });
    expect(ddb.commandCalls(PutCommand)).toHaveLength(0);
  });
});

describe('scheduled reconcile', () => {
  it('checks every live seller and county channel against GetStream and writes what IVS says', async () => {
    ddb.on(QueryCommand).resolvesOnce({ Items: [liveItem], LastEvaluatedKey: undefined });
    ivs.on(GetStreamCommand, { channelArn }).rejects(new ChannelNotBroadcasting({ message: 'not live', $metadata: {} }));
    ivs.on(GetStreamCommand, { channelArn: countyArn }).resolves({ stream: { channelArn: countyArn, streamId: 'st-c', state: 'LIVE', startTime: new Date() } });
    const outcomes = await reconcile({}, lambdaContext('reconcileLive'));
    expect(outcomes).toEqual({ written: 2, stale: 0, 'unknown-channel': 0, ignored: 0 });
    const items = ddb.commandCalls(PutCommand).map((call) => call.args[0].input.Item);
    expect(items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ ...sellerLiveKey('zhang'), live: false }),
        expect.objectContaining({ ...countyLiveKey('371721'), live: true }),
      ]),
    );
  });

  it('leaves a broadcaster as it is when GetStream is unavailable', async () => {
    ddb.on(QueryCommand).resolves({ Items: [liveItem] });
    ivs.on(GetStreamCommand).rejects(new AccessDeniedException({ message: 'denied', $metadata: {} }));
    expect(await reconcile({}, lambdaContext('reconcileLive'))).toEqual({ written: 0, stale: 0, 'unknown-channel': 0, ignored: 2 });
    expect(ddb.commandCalls(PutCommand)).toHaveLength(0);
  });
});
