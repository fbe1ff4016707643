import {
  ChannelNotBroadcasting,
  CreateChannelCommand,
  CreateStreamKeyCommand,
  DeleteStreamKeyCommand,
  GetStreamCommand,
  GetStreamKeyCommand,
  IvsClient,
  IvsServiceException,
  ListStreamKeysCommand,
  PutMetadataCommand,
  ResourceNotFoundException,
  ServiceQuotaExceededException,
  ThrottlingException,
  ValidationException,
} from '@aws-sdk/client-ivs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startIvsStandIn, type IvsRecordingStateChangeEvent, type IvsStandIn, type IvsStreamStateChangeEvent } from '../../local/ivs-standin';
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

describe('IVS stand-in, the Amazon IVS operations the product calls', () => {
  let standIn: IvsStandIn;
  let ivs: IvsClient;
  const emitted: IvsStreamStateChangeEvent[] = [];
  const recordings: IvsRecordingStateChangeEvent[] = [];

  beforeAll(async () => {
    standIn = await startIvsStandIn({
      region: 'us-east-1',
      accountId: '123456789012',
      resolveReviewHandler: () => undefined,
      onStreamStateChange: (event) => emitted.push(event),
      onRecordingStateChange: (event) => recordings.push(event),
      recordingBucketName: 'village-live-vod',
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

  it('answers GetStream and PutMetadata on an offline channel with ChannelNotBroadcasting', async () => {
    const { channel } = await createChannel('offline');
    const channelArn = channel!.arn!;

    const errors = await Promise.all([
      rejectionOf(ivs.send(new GetStreamCommand({ channelArn }))),
      rejectionOf(ivs.send(new PutMetadataCommand({ channelArn, metadata: '{"pin":1}' }))),
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
    expect(end.detail).toEqual({ event_name: 'Stream End', channel_name: 'events-1', stream_id: start.detail.stream_id });
    expect(end.id).not.toBe(start.id);
    expect(emitted.slice(-2)).toEqual([start, end]);
    expect(await rejectionOf(ivs.send(new GetStreamCommand({ channelArn })))).toBeInstanceOf(ChannelNotBroadcasting);
    expect(recordings.filter((event) => event.resources[0] === channelArn)).toEqual([]);
  });

  it('refuses to start a channel that is already live', async () => {
    const { channel } = await createChannel('double-start');
    standIn.startStream(channel!.arn!);

    expect(() => standIn.startStream(channel!.arn!)).toThrow(/already live/);
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
      ivs.send(new GetStreamCommand({ channelArn: unknownChannelArn })),
      ivs.send(new PutMetadataCommand({ channelArn: unknownChannelArn, metadata: 'x' })),
      ivs.send(new CreateStreamKeyCommand({ channelArn: unknownChannelArn })),
      ivs.send(new ListStreamKeysCommand({ channelArn: unknownChannelArn })),
      ivs.send(new GetStreamKeyCommand({ arn: 'arn:aws:ivs:us-east-1:123456789012:stream-key/AAAAbbbbCCCC' })),
    ];

    for (const error of await Promise.all(calls.map(rejectionOf))) {
      expect(error).toBeInstanceOf(ResourceNotFoundException);
      expect(error.name).toBe('ResourceNotFoundException');
    }
    expect(thrownBy(() => standIn.startStream(unknownChannelArn)).name).toBe('ResourceNotFoundException');
  });

  it('answers a malformed ARN or an invalid field with ValidationException', async () => {
    const badArn = await rejectionOf(ivs.send(new GetStreamKeyCommand({ arn: 'not-an-arn' })));
    const badLatency = await rejectionOf(
      ivs.send(new CreateChannelCommand({ latencyMode: 'ULTRA' as unknown as 'LOW' })),
    );

    expect(badArn).toBeInstanceOf(ValidationException);
    expect(badLatency).toBeInstanceOf(ValidationException);
  });

  it('answers an operation the product does not call with UnknownOperationException', async () => {
    const response = await fetch(`${standIn.url}/ListChannels`, { method: 'POST', body: '{}' });

    expect(response.status).toBe(404);
    expect(response.headers.get('x-amzn-ErrorType')).toBe('UnknownOperationException');
    await response.body?.cancel();
  });

  it('finds channels by tag, oldest first', async () => {
    const { channel } = await createChannel('tagged', { sellerId: 'li' });

    expect(standIn.channelsByTag('sellerId', 'li').map((found) => found.arn)).toEqual([channel!.arn]);
    expect(standIn.channelsByTag('sellerId', 'nobody')).toEqual([]);
  });

  it('emits IVS Recording State Change events around the broadcast of a channel with a recording configuration', async () => {
    const recordingConfigurationArn = 'arn:aws:ivs:us-east-1:123456789012:recording-configuration/AAAAbbbbCCCC';
    const { channel } = await ivs.send(new CreateChannelCommand({ name: 'recorded', recordingConfigurationArn }));
    const channelArn = channel!.arn!;
    const channelId = channelArn.split('/')[1];

    const start = standIn.startStream(channelArn);
    standIn.endStream(channelArn);
    const [recordingStart, recordingEnd] = recordings.filter((event) => event.resources[0] === channelArn);

    expect(channel?.recordingConfigurationArn).toBe(recordingConfigurationArn);
    expect(recordingStart).toEqual({
      version: '0',
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      'detail-type': 'IVS Recording State Change',
      source: 'aws.ivs',
      account: '123456789012',
      time: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/),
      region: 'us-east-1',
      resources: [channelArn],
      detail: {
        channel_name: 'recorded',
        stream_id: start.detail.stream_id,
        recording_status: 'Recording Start',
        recording_status_reason: '',
        recording_s3_bucket_name: 'village-live-vod',
        recording_s3_key_prefix: expect.stringMatching(new RegExp(`^ivs/v1/123456789012/${channelId}/\\d{4}/\\d{1,2}/\\d{1,2}/\\d{1,2}/\\d{1,2}/[A-Za-z0-9]{12}$`)),
        recording_duration_ms: 0,
        recording_session_id: expect.stringMatching(/^[A-Za-z0-9]{12}$/),
        recording_session_stream_ids: [start.detail.stream_id],
      },
    });
    expect(recordingEnd?.detail).toEqual({
      ...recordingStart!.detail,
      recording_status: 'Recording End',
      recording_duration_ms: expect.any(Number),
    });
    expect(recordingEnd!.detail.recording_duration_ms).toBeGreaterThanOrEqual(0);
  });

  it('ensures declared channels idempotently by name', () => {
    const first = standIn.ensureChannel({ name: 'county-371721', tags: { countyCode: '371721' } });
    const again = standIn.ensureChannel({ name: 'county-371721', tags: { countyCode: '371721' } });

    expect(again.channel.arn).toBe(first.channel.arn);
    expect(again.streamKey.value).toBe(first.streamKey.value);
    expect(standIn.channelsByTag('countyCode', '371721').map((found) => found.arn)).toEqual([first.channel.arn]);
  });
});

describe('IVS stand-in declarations', () => {
  it('pre-creates declared channels and rooms at start', async () => {
    const declarations = {
      channels: [{ name: 'county-371721', tags: { countyCode: '371721' } }],
      rooms: [{ name: 'county-371721', tags: { countyCode: '371721' } }],
    };
    const standIn = await startIvsStandIn({ declarations, resolveReviewHandler: () => undefined });
    const ivs = new IvsClient(clientConfig(standIn.url));
    try {
      const [channel] = standIn.channelsByTag('countyCode', '371721');
      const { streamKeys } = await ivs.send(new ListStreamKeysCommand({ channelArn: channel!.arn }));
      expect(streamKeys).toHaveLength(1);
      expect(standIn.roomsByTag('countyCode', '371721').map((room) => room.name)).toEqual(['county-371721']);
    } finally {
      ivs.destroy();
      await standIn.stop();
    }
  });
});
