import { ivsErrors } from './errors';
import type { IvsChannels } from './ivs-channels';
import type { IvsStreams } from './ivs-streams';
import type { ChannelRecord } from './model';
import { noContent, ok, type Operation } from './operation';
import { paginate } from './paging';
import { RequestReader, type StringRules } from './request-reader';

const arnRules = (resourceType: string): StringRules => ({
  minLength: 1,
  maxLength: 128,
  pattern: new RegExp(`^arn:aws:ivs:[a-z0-9-]+:[0-9]+:${resourceType}/[a-zA-Z0-9-]+$`),
});
const CHANNEL_ARN = arnRules('channel');
const STREAM_KEY_ARN = arnRules('stream-key');
const RECORDING_CONFIGURATION_ARN = arnRules('recording-configuration');
const NAME = { maxLength: 128, pattern: /^[a-zA-Z0-9-_]*$/ } satisfies StringRules;

const read = (body: Record<string, unknown>) =>
  new RequestReader(body, (field, problem) =>
    ivsErrors.validation(`1 validation error detected: Value at '${field}' failed to satisfy constraint: Member ${problem}`),
  );

const invalidToken = () => ivsErrors.validation('The nextToken is not valid');

const channelSummary = (channel: ChannelRecord) => ({
  arn: channel.arn,
  name: channel.name,
  latencyMode: channel.latencyMode,
  authorized: channel.authorized,
  recordingConfigurationArn: channel.recordingConfigurationArn,
  tags: channel.tags,
  insecureIngest: channel.insecureIngest,
  type: channel.type,
  preset: channel.preset,
  playbackRestrictionPolicyArn: channel.playbackRestrictionPolicyArn,
});

/** Amazon IVS operations, keyed by their restJson1 path (`POST /<OperationName>`). */
export function ivsOperations(channels: IvsChannels, streams: IvsStreams): Record<string, Operation> {
  return {
    CreateChannel: ({ body }) => {
      const input = read(body);
      return ok(
        channels.createChannel({
          name: input.optionalString('name', NAME),
          latencyMode: input.optionalEnum('latencyMode', ['NORMAL', 'LOW']),
          type: input.optionalEnum('type', ['BASIC', 'STANDARD', 'ADVANCED_SD', 'ADVANCED_HD']),
          authorized: input.optionalBoolean('authorized'),
          insecureIngest: input.optionalBoolean('insecureIngest'),
          recordingConfigurationArn: input.optionalString('recordingConfigurationArn', { maxLength: 128 }) || undefined,
          tags: input.optionalTags(),
        }),
      );
    },
    GetChannel: ({ body }) => ok({ channel: channels.getChannel(read(body).requiredString('arn', CHANNEL_ARN)) }),
    ListChannels: ({ body }) => {
      const input = read(body);
      const matching = channels.listChannels({
        name: input.optionalString('filterByName', NAME),
        recordingConfigurationArn: input.optionalString('filterByRecordingConfigurationArn'),
      });
      const { page, nextToken } = paginate(
        matching,
        input.optionalInteger('maxResults', 1, 100) ?? 100,
        input.optionalString('nextToken'),
        invalidToken,
      );
      return ok({ channels: page.map(channelSummary), ...(nextToken ? { nextToken } : {}) });
    },
    DeleteChannel: ({ body }) => {
      const arn = read(body).requiredString('arn', CHANNEL_ARN);
      if (streams.isLive(arn)) {
        throw ivsErrors.conflict(`Channel ${arn} is live: call StopStream and wait for Stream End before deleting it`);
      }
      channels.deleteChannel(arn);
      streams.forgetChannel(arn);
      return noContent();
    },
    CreateStreamKey: ({ body }) => {
      const input = read(body);
      const channelArn = input.requiredString('channelArn', CHANNEL_ARN);
      return ok({ streamKey: channels.createStreamKey(channelArn, input.optionalTags() ?? {}) });
    },
    GetStreamKey: ({ body }) => ok({ streamKey: channels.getStreamKey(read(body).requiredString('arn', STREAM_KEY_ARN)) }),
    ListStreamKeys: ({ body }) => {
      const input = read(body);
      const keys = channels.listStreamKeys(input.requiredString('channelArn', CHANNEL_ARN));
      const { page, nextToken } = paginate(
        keys,
        input.optionalInteger('maxResults', 1, 50) ?? 1,
        input.optionalString('nextToken'),
        invalidToken,
      );
      const summaries = page.map(({ arn, channelArn, tags }) => ({ arn, channelArn, tags }));
      return ok({ streamKeys: summaries, ...(nextToken ? { nextToken } : {}) });
    },
    DeleteStreamKey: ({ body }) => {
      channels.deleteStreamKey(read(body).requiredString('arn', STREAM_KEY_ARN));
      return noContent();
    },
    GetStream: ({ body }) => ok({ stream: streams.getStream(read(body).requiredString('channelArn', CHANNEL_ARN)) }),
    ListStreams: ({ body }) => {
      const input = read(body);
      const { page, nextToken } = paginate(
        streams.listStreams(),
        input.optionalInteger('maxResults', 1, 100) ?? 100,
        input.optionalString('nextToken'),
        invalidToken,
      );
      return ok({ streams: page, ...(nextToken ? { nextToken } : {}) });
    },
    PutMetadata: ({ body }) => {
      const input = read(body);
      const metadata = input.requiredString('metadata', { minLength: 1 });
      streams.putMetadata(input.requiredString('channelArn', CHANNEL_ARN), metadata);
      return noContent();
    },
    StopStream: ({ body }) => {
      streams.stop(read(body).requiredString('channelArn', CHANNEL_ARN));
      return ok({});
    },
    CreateRecordingConfiguration: ({ body }) => {
      const input = read(body);
      const s3 = input.requiredObject('destinationConfiguration').requiredObject('s3');
      const thumbnails = input.optionalObject('thumbnailConfiguration');
      return ok({
        recordingConfiguration: channels.createRecordingConfiguration({
          name: input.optionalString('name', NAME),
          bucketName: s3.requiredString('bucketName', { minLength: 3, maxLength: 63, pattern: /^[a-z0-9-.]+$/ }),
          tags: input.optionalTags(),
          recordingReconnectWindowSeconds: input.optionalInteger('recordingReconnectWindowSeconds', 0, 300),
          thumbnailConfiguration: thumbnails && {
            recordingMode: thumbnails.optionalEnum('recordingMode', ['DISABLED', 'INTERVAL']) ?? 'INTERVAL',
            targetIntervalSeconds: thumbnails.optionalInteger('targetIntervalSeconds', 1, 60) ?? 60,
          },
        }),
      });
    },
    GetRecordingConfiguration: ({ body }) =>
      ok({
        recordingConfiguration: channels.getRecordingConfiguration(
          read(body).requiredString('arn', RECORDING_CONFIGURATION_ARN),
        ),
      }),
    DeleteRecordingConfiguration: ({ body }) => {
      channels.deleteRecordingConfiguration(read(body).requiredString('arn', RECORDING_CONFIGURATION_ARN));
      return noContent();
    },
  };
}
