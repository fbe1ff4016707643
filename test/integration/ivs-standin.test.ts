import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ChannelNotBroadcasting,
  ConflictException,
  CreateChannelCommand,
  CreateRecordingConfigurationCommand,
  CreateStreamKeyCommand,
  DeleteChannelCommand,
  DeleteStreamKeyCommand,
  GetChannelCommand,
  GetRecordingConfigurationCommand,
  GetStreamCommand,
  GetStreamKeyCommand,
  IvsClient,
  IvsServiceException,
  ListChannelsCommand,
  ListStreamKeysCommand,
  ListStreamsCommand,
  ListTagsForResourceCommand,
  PutMetadataCommand,
  ResourceNotFoundException,
  ServiceQuotaExceededException,
  StopStreamCommand,
  TagResourceCommand,
  ThrottlingException,
  UntagResourceCommand,
  ValidationException,
} from '@aws-sdk/client-ivs';
import { CreateRoomCommand, GetRoomCommand, IvschatClient } from '@aws-sdk/client-ivschat';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startIvsStandIn, type IvsStandIn, type IvsStreamStateChangeEvent } from '../../local/ivs-standin';
import { ManualClock } from '../support/manual-clock';

const clientConfig = (endpoint: string) => ({
  endpoint,
  region: 'us-east-1',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  // One attempt, so a throttled or failed call surfaces as it is instead of being retried.
  maxAttempts: 1,
});

const unknownChannelArn = 'arn:aws:ivs:us-east-1:123456789012:channel/AAAAbbbbCCCC';

async function rejectionOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the call to fail');
}

function thrownBy(act: () => unknown): Error {
  try {
    act();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the call to throw');
}

describe('IVS stand-in, Amazon IVS control plane', () => {
  let standIn: IvsStandIn;
  let ivs: IvsClient;
  const emitted: IvsStreamStateChangeEvent[] = [];

  beforeAll(async () => {
    standIn = await startIvsStandIn({
      region: 'us-east-1',
      accountId: '123456789012',
      resolveReviewHandler: () => undefined,
      onStreamStateChange: (event) => emitted.push(event),
    });
    ivs = new IvsClient(clientConfig(standIn.url));
  });

  afterAll(async () => {
    ivs.destroy();
    await standIn.stop();
  });

  const createChannel = (name: string, tags: Record<string, string> = {}) =>
    ivs.send(new CreateChannelCommand({ name, tags }));

  it('binds to 127.0.0.1', () => {
    expect(new URL(standIn.url).hostname).toBe('127.0.0.1');
  });

  it('creates a channel with a stream key, realistic ARNs and endpoints, and the requested settings', async () => {
    const { channel, streamKey } = await ivs.send(
      new CreateChannelCommand({
        name: 'seller-zhang',
        latencyMode: 'NORMAL',
        type: 'BASIC',
        authorized: true,
        tags: { sellerId: 'zhang' },
      }),
    );

    expect(channel?.arn).toMatch(/^arn:aws:ivs:us-east-1:123456789012:channel\/[A-Za-z0-9]{12}$/);
    expect(channel).toMatchObject({
      name: 'seller-zhang',
      latencyMode: 'NORMAL',
      type: 'BASIC',
      authorized: true,
      recordingConfigurationArn: '',
      tags: { sellerId: 'zhang' },
    });
    expect(channel?.ingestEndpoint).toMatch(/^[a-z0-9]{12}\.global-contribute\.live-video\.net$/);
    const channelId = channel!.arn!.split('/')[1];
    expect(channel?.playbackUrl).toMatch(
      new RegExp(
        `^https://[a-z0-9]{12}\\.us-east-1\\.playback\\.live-video\\.net/api/video/v1/us-east-1\\.123456789012\\.channel\\.${channelId}\\.m3u8$`,
      ),
    );
    expect(streamKey?.arn).toMatch(/^arn:aws:ivs:us-east-1:123456789012:stream-key\/[A-Za-z0-9]{12}$/);
    expect(streamKey?.channelArn).toBe(channel?.arn);
    expect(streamKey?.value).toMatch(/^sk_us-east-1_[A-Za-z0-9]+$/);
  });

  it('defaults a channel to LOW latency, STANDARD, unauthorized', async () => {
    const { channel } = await ivs.send(new CreateChannelCommand({}));

    expect(channel).toMatchObject({ name: '', latencyMode: 'LOW', type: 'STANDARD', authorized: false });
  });

  it('gets, lists by name and deletes a channel, taking its stream key with it', async () => {
    const { channel, streamKey } = await createChannel('lifecycle-1');

    const fetched = await ivs.send(new GetChannelCommand({ arn: channel!.arn }));
    const listed = await ivs.send(new ListChannelsCommand({ filterByName: 'lifecycle-1' }));
    await ivs.send(new DeleteChannelCommand({ arn: channel!.arn }));

    expect(fetched.channel).toEqual(channel);
    expect(listed.channels?.map((summary) => summary.arn)).toEqual([channel!.arn]);
    expect(await rejectionOf(ivs.send(new GetChannelCommand({ arn: channel!.arn })))).toBeInstanceOf(
      ResourceNotFoundException,
    );
    expect(await rejectionOf(ivs.send(new GetStreamKeyCommand({ arn: streamKey!.arn })))).toBeInstanceOf(
      ResourceNotFoundException,
    );
  });

  it('pages ListChannels with nextToken', async () => {
    await createChannel('paged');
    await createChannel('paged');
    await createChannel('paged');

    const first = await ivs.send(new ListChannelsCommand({ filterByName: 'paged', maxResults: 2 }));
    const second = await ivs.send(new ListChannelsCommand({ filterByName: 'paged', maxResults: 2, nextToken: first.nextToken }));

    expect(first.channels).toHaveLength(2);
    expect(first.nextToken).toBeTruthy();
    expect(second.channels).toHaveLength(1);
    expect(second.nextToken).toBeUndefined();
  });

  it('allows one stream key per channel: a second CreateStreamKey is ServiceQuotaExceededException', async () => {
    const { channel } = await createChannel('one-key');

    const error = await rejectionOf(ivs.send(new CreateStreamKeyCommand({ channelArn: channel!.arn })));

    expect(error).toBeInstanceOf(ServiceQuotaExceededException);
    expect(error).toBeInstanceOf(IvsServiceException);
    expect(error.name).toBe('ServiceQuotaExceededException');
    expect((error as ServiceQuotaExceededException).$metadata.httpStatusCode).toBe(402);
  });

  it('rotates a stream key by delete + create: the old key is gone and no longer goes live', async () => {
    const { channel, streamKey: oldKey } = await createChannel('rotation');

    await ivs.send(new DeleteStreamKeyCommand({ arn: oldKey!.arn }));
    const { streamKey: newKey } = await ivs.send(new CreateStreamKeyCommand({ channelArn: channel!.arn }));

    expect(newKey?.value).not.toBe(oldKey?.value);
    expect(await rejectionOf(ivs.send(new GetStreamKeyCommand({ arn: oldKey!.arn })))).toBeInstanceOf(
      ResourceNotFoundException,
    );
    const { streamKeys } = await ivs.send(new ListStreamKeysCommand({ channelArn: channel!.arn }));
    expect(streamKeys).toEqual([{ arn: newKey!.arn, channelArn: channel!.arn, tags: {} }]);
    expect((await ivs.send(new GetStreamKeyCommand({ arn: newKey!.arn }))).streamKey?.value).toBe(newKey?.value);
    expect(() => standIn.startStream(channel!.arn!, { streamKey: oldKey!.value! })).toThrow(/Stream key refused/);
    expect(standIn.startStream(channel!.arn!, { streamKey: newKey!.value! }).detail.event_name).toBe('Stream Start');
    standIn.endStream(channel!.arn!);
  });

  it('answers GetStream, PutMetadata and StopStream on an offline channel with ChannelNotBroadcasting', async () => {
    const { channel } = await createChannel('offline');
    const channelArn = channel!.arn!;

    const errors = await Promise.all([
      rejectionOf(ivs.send(new GetStreamCommand({ channelArn }))),
      rejectionOf(ivs.send(new PutMetadataCommand({ channelArn, metadata: '{"pin":1}' }))),
      rejectionOf(ivs.send(new StopStreamCommand({ channelArn }))),
    ]);

    for (const error of errors) {
      expect(error).toBeInstanceOf(ChannelNotBroadcasting);
      expect(error.name).toBe('ChannelNotBroadcasting');
    }
  });

  it('emits IVS Stream State Change events of the aws.ivs shape on start and end', async () => {
    const { channel } = await createChannel('events-1');
    const channelArn = channel!.arn!;

    const start = standIn.startStream(channelArn);
    const { stream } = await ivs.send(new GetStreamCommand({ channelArn }));
    const { streams } = await ivs.send(new ListStreamsCommand({}));
    const end = standIn.endStream(channelArn);

    expect(start).toEqual({
      version: '0',
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      'detail-type': 'IVS Stream State Change',
      source: 'aws.ivs',
      account: '123456789012',
      time: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/),
      region: 'us-east-1',
      resources: [channelArn],
      detail: { event_name: 'Stream Start', channel_name: 'events-1', stream_id: expect.stringMatching(/^st-/) },
    });
    expect(stream).toMatchObject({
      channelArn,
      streamId: start.detail.stream_id,
      playbackUrl: channel!.playbackUrl,
      state: 'LIVE',
      health: 'HEALTHY',
    });
    expect(stream?.startTime).toBeInstanceOf(Date);
    expect(streams?.some((summary) => summary.channelArn === channelArn)).toBe(true);
    expect(end.detail).toEqual({ event_name: 'Stream End', channel_name: 'events-1', stream_id: start.detail.stream_id });
    expect(end.id).not.toBe(start.id);
    expect(emitted.slice(-2)).toEqual([start, end]);
    expect(standIn.isLive(channelArn)).toBe(false);
  });

  it('refuses to start a channel that is already live', async () => {
    const { channel } = await createChannel('double-start');
    standIn.startStream(channel!.arn!);

    expect(() => standIn.startStream(channel!.arn!)).toThrow(/already live/);
    standIn.endStream(channel!.arn!);
  });

  it('delivers the Stream End that a StopStream call causes to onStreamStateChange', async () => {
    const { channel } = await createChannel('stopped');
    const start = standIn.startStream(channel!.arn!);

    await ivs.send(new StopStreamCommand({ channelArn: channel!.arn }));

    expect(emitted.at(-1)?.detail).toEqual({ event_name: 'Stream End', channel_name: 'stopped', stream_id: start.detail.stream_id });
    expect(await rejectionOf(ivs.send(new GetStreamCommand({ channelArn: channel!.arn })))).toBeInstanceOf(
      ChannelNotBroadcasting,
    );
  });

  it('refuses to delete a live channel with ConflictException', async () => {
    const { channel } = await createChannel('live-delete');
    standIn.startStream(channel!.arn!);

    const error = await rejectionOf(ivs.send(new DeleteChannelCommand({ arn: channel!.arn })));

    expect(error).toBeInstanceOf(ConflictException);
    standIn.endStream(channel!.arn!);
  });

  it('rejects timed metadata over 1 KiB (in UTF-8 bytes) with ValidationException, accepts exactly 1 KiB', async () => {
    const { channel } = await createChannel('big-metadata');
    const channelArn = channel!.arn!;
    standIn.startStream(channelArn);
    // 342 three-byte characters: fewer than 1024 characters but 1026 bytes.
    const tooBig = '葱'.repeat(342);
    const exactly1KiB = 'a'.repeat(1024);

    const error = await rejectionOf(ivs.send(new PutMetadataCommand({ channelArn, metadata: tooBig })));
    await ivs.send(new PutMetadataCommand({ channelArn, metadata: exactly1KiB }));

    expect(error).toBeInstanceOf(ValidationException);
    expect(standIn.metadataFor(channelArn).map((entry) => entry.payload)).toEqual([exactly1KiB]);
    standIn.endStream(channelArn);
  });

  it('throttles PutMetadata above 5 calls per second per channel, then admits again a full second later', async () => {
    const clock = new ManualClock();
    const throttling = await startIvsStandIn({ clock, resolveReviewHandler: () => undefined });
    const client = new IvsClient(clientConfig(throttling.url));
    try {
      const { channel } = await client.send(new CreateChannelCommand({ name: 'throttled' }));
      const { channel: other } = await client.send(new CreateChannelCommand({ name: 'not-throttled' }));
      const channelArn = channel!.arn!;
      throttling.startStream(channelArn);
      throttling.startStream(other!.arn!);
      const put = (arn: string, n: number) => client.send(new PutMetadataCommand({ channelArn: arn, metadata: `{"n":${n}}` }));

      for (let n = 1; n <= 5; n += 1) await put(channelArn, n);
      const sixth = await rejectionOf(put(channelArn, 6));
      await put(other!.arn!, 1);
      clock.advance(999);
      const stillInTheSecond = await rejectionOf(put(channelArn, 7));
      clock.advance(1);
      await put(channelArn, 8);

      for (const error of [sixth, stillInTheSecond]) {
        expect(error).toBeInstanceOf(ThrottlingException);
        expect((error as ThrottlingException).$metadata.httpStatusCode).toBe(429);
      }
      expect(throttling.metadataFor(channelArn).map((entry) => entry.payload)).toEqual([
        '{"n":1}',
        '{"n":2}',
        '{"n":3}',
        '{"n":4}',
        '{"n":5}',
        '{"n":8}',
      ]);
      expect(throttling.metadataFor(other!.arn!).map((entry) => entry.payload)).toEqual(['{"n":1}']);
    } finally {
      client.destroy();
      await throttling.stop();
    }
  });

  it('logs timed metadata oldest first, with the stream session and time it was put', async () => {
    const { channel } = await createChannel('metadata-log');
    const channelArn = channel!.arn!;
    const first = standIn.startStream(channelArn);
    await ivs.send(new PutMetadataCommand({ channelArn, metadata: 'pin-a' }));
    await ivs.send(new PutMetadataCommand({ channelArn, metadata: 'pin-b' }));
    standIn.endStream(channelArn);
    const second = standIn.startStream(channelArn);
    await ivs.send(new PutMetadataCommand({ channelArn, metadata: 'pin-c' }));
    standIn.endStream(channelArn);

    const log = standIn.metadataFor(channelArn);

    expect(log.map(({ payload, streamId }) => ({ payload, streamId }))).toEqual([
      { payload: 'pin-a', streamId: first.detail.stream_id },
      { payload: 'pin-b', streamId: first.detail.stream_id },
      { payload: 'pin-c', streamId: second.detail.stream_id },
    ]);
    const times = log.map((entry) => Date.parse(entry.at));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(standIn.metadataFor(unknownChannelArn)).toEqual([]);
  });

  it('answers an unknown ARN with ResourceNotFoundException on every operation', async () => {
    const calls = [
      ivs.send(new GetChannelCommand({ arn: unknownChannelArn })),
      ivs.send(new DeleteChannelCommand({ arn: unknownChannelArn })),
      ivs.send(new GetStreamCommand({ channelArn: unknownChannelArn })),
      ivs.send(new PutMetadataCommand({ channelArn: unknownChannelArn, metadata: 'x' })),
      ivs.send(new CreateStreamKeyCommand({ channelArn: unknownChannelArn })),
      ivs.send(new ListStreamKeysCommand({ channelArn: unknownChannelArn })),
      ivs.send(new GetStreamKeyCommand({ arn: 'arn:aws:ivs:us-east-1:123456789012:stream-key/AAAAbbbbCCCC' })),
      ivs.send(new ListTagsForResourceCommand({ resourceArn: unknownChannelArn })),
    ];

    for (const error of await Promise.all(calls.map(rejectionOf))) {
      expect(error).toBeInstanceOf(ResourceNotFoundException);
      expect(error.name).toBe('ResourceNotFoundException');
    }
    expect(thrownBy(() => standIn.startStream(unknownChannelArn)).name).toBe('ResourceNotFoundException');
  });

  it('answers a malformed ARN or an invalid field with ValidationException', async () => {
    const badArn = await rejectionOf(ivs.send(new GetChannelCommand({ arn: 'not-an-arn' })));
    const badLatency = await rejectionOf(
      ivs.send(new CreateChannelCommand({ latencyMode: 'ULTRA' as unknown as 'LOW' })),
    );

    expect(badArn).toBeInstanceOf(ValidationException);
    expect(badLatency).toBeInstanceOf(ValidationException);
  });

  it('tags and untags channels, and finds a channel by tag', async () => {
    const { channel } = await createChannel('tagged', { sellerId: 'li' });
    const resourceArn = channel!.arn!;

    await ivs.send(new TagResourceCommand({ resourceArn, tags: { countyCode: '371721' } }));
    const afterTag = await ivs.send(new ListTagsForResourceCommand({ resourceArn }));
    await ivs.send(new UntagResourceCommand({ resourceArn, tagKeys: ['countyCode'] }));
    const afterUntag = await ivs.send(new ListTagsForResourceCommand({ resourceArn }));

    expect(afterTag.tags).toEqual({ sellerId: 'li', countyCode: '371721' });
    expect(afterUntag.tags).toEqual({ sellerId: 'li' });
    expect(standIn.channelByTag('sellerId', 'li')?.arn).toBe(resourceArn);
    expect(standIn.channelByTag('sellerId', 'nobody')).toBeUndefined();
  });

  it('creates and gets a recording configuration, and records to it from a channel', async () => {
    const { recordingConfiguration } = await ivs.send(
      new CreateRecordingConfigurationCommand({
        name: 'vod',
        destinationConfiguration: { s3: { bucketName: 'village-live-vod' } },
      }),
    );
    const { channel } = await ivs.send(
      new CreateChannelCommand({ name: 'recorded', recordingConfigurationArn: recordingConfiguration!.arn }),
    );

    const fetched = await ivs.send(new GetRecordingConfigurationCommand({ arn: recordingConfiguration!.arn }));
    const unknown = await rejectionOf(
      ivs.send(
        new CreateChannelCommand({
          recordingConfigurationArn: 'arn:aws:ivs:us-east-1:123456789012:recording-configuration/AAAAbbbbCCCC',
        }),
      ),
    );

    expect(recordingConfiguration?.arn).toMatch(
      /^arn:aws:ivs:us-east-1:123456789012:recording-configuration\/[A-Za-z0-9]{12}$/,
    );
    expect(fetched.recordingConfiguration).toMatchObject({
      name: 'vod',
      state: 'ACTIVE',
      destinationConfiguration: { s3: { bucketName: 'village-live-vod' } },
    });
    expect(channel?.recordingConfigurationArn).toBe(recordingConfiguration!.arn);
    expect(unknown).toBeInstanceOf(ResourceNotFoundException);
  });

  it('ensures declared channels idempotently by name', () => {
    const first = standIn.ensureChannel({ name: 'county-371721', tags: { countyCode: '371721' } });
    const again = standIn.ensureChannel({ name: 'county-371721', tags: { countyCode: '371721' } });

    expect(again.channel.arn).toBe(first.channel.arn);
    expect(again.streamKey.value).toBe(first.streamKey.value);
    expect(standIn.channelByTag('countyCode', '371721')?.arn).toBe(first.channel.arn);
  });
});

describe('IVS stand-in persistence', () => {
  const noReview = () => undefined;
  let stateDir: string;

  beforeAll(() => {
    stateDir = mkdtempSync(join(tmpdir(), 'ivs-standin-'));
  });

  afterAll(() => {
    rmSync(stateDir, { recursive: true, force: true });
  });

  it('keeps channels, stream keys and rooms across a restart with a stateFile, but not live state', async () => {
    const stateFile = join(stateDir, 'nested', 'ivs.json');
    const first = await startIvsStandIn({ stateFile, resolveReviewHandler: noReview });
    const ivs1 = new IvsClient(clientConfig(first.url));
    const chat1 = new IvschatClient(clientConfig(first.url));
    const { channel, streamKey } = await ivs1.send(new CreateChannelCommand({ name: 'kept', tags: { sellerId: 'wang' } }));
    const room = await chat1.send(
      new CreateRoomCommand({
        name: 'kept-room',
        messageReviewHandler: { uri: 'arn:aws:lambda:us-east-1:123456789012:function:review', fallbackResult: 'DENY' },
      }),
    );
    first.startStream(channel!.arn!);
    ivs1.destroy();
    chat1.destroy();
    await first.stop();

    const second = await startIvsStandIn({ stateFile, resolveReviewHandler: noReview });
    const ivs2 = new IvsClient(clientConfig(second.url));
    const chat2 = new IvschatClient(clientConfig(second.url));
    try {
      expect((await ivs2.send(new GetChannelCommand({ arn: channel!.arn }))).channel).toEqual(channel);
      expect((await ivs2.send(new GetStreamKeyCommand({ arn: streamKey!.arn }))).streamKey?.value).toBe(streamKey?.value);
      expect(await chat2.send(new GetRoomCommand({ identifier: room.arn }))).toMatchObject({
        arn: room.arn,
        name: 'kept-room',
        messageReviewHandler: { fallbackResult: 'DENY' },
      });
      expect(second.channelByTag('sellerId', 'wang')?.arn).toBe(channel!.arn);
      expect(await rejectionOf(ivs2.send(new GetStreamCommand({ channelArn: channel!.arn })))).toBeInstanceOf(
        ChannelNotBroadcasting,
      );
    } finally {
      ivs2.destroy();
      chat2.destroy();
      await second.stop();
    }
  });

  it('forgets everything across a restart without a stateFile', async () => {
    const first = await startIvsStandIn({ resolveReviewHandler: noReview });
    const ivs1 = new IvsClient(clientConfig(first.url));
    const { channel } = await ivs1.send(new CreateChannelCommand({ name: 'ephemeral' }));
    ivs1.destroy();
    await first.stop();

    const second = await startIvsStandIn({ resolveReviewHandler: noReview });
    const ivs2 = new IvsClient(clientConfig(second.url));
    try {
      expect(await rejectionOf(ivs2.send(new GetChannelCommand({ arn: channel!.arn })))).toBeInstanceOf(
        ResourceNotFoundException,
      );
    } finally {
      ivs2.destroy();
      await second.stop();
    }
  });

  it('pre-creates declared channels and rooms at start, once', async () => {
    const stateFile = join(stateDir, 'declared.json');
    const declarations = {
      channels: [{ name: 'county-371721', tags: { countyCode: '371721' } }],
      rooms: [{ name: 'county-371721', tags: { countyCode: '371721' } }],
    };
    const first = await startIvsStandIn({ stateFile, declarations, resolveReviewHandler: noReview });
    const channelArn = first.channelByTag('countyCode', '371721')?.arn;
    const roomArn = first.roomByTag('countyCode', '371721')?.arn;
    await first.stop();

    const second = await startIvsStandIn({ stateFile, declarations, resolveReviewHandler: noReview });
    const ivs = new IvsClient(clientConfig(second.url));
    try {
      const { channels } = await ivs.send(new ListChannelsCommand({ filterByName: 'county-371721' }));
      expect(channels?.map((summary) => summary.arn)).toEqual([channelArn]);
      expect(second.roomByTag('countyCode', '371721')?.arn).toBe(roomArn);
    } finally {
      ivs.destroy();
      await second.stop();
    }
  });
});
