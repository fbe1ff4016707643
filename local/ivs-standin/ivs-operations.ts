import { ivsErrors } from './errors';
import type { IvsChannels } from './ivs-channels';
import type { IvsStreams } from './ivs-streams';
import { noContent, ok, type Operation } from './operation';
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

/** The Amazon IVS operations the product calls, keyed by their restJson1 path (`POST /<OperationName>`). */
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
          recordingConfigurationArn: input.optionalString('recordingConfigurationArn', RECORDING_CONFIGURATION_ARN),
          tags: input.optionalTags(),
        }),
      );
    },
    CreateStreamKey: ({ body }) => ok({ streamKey: channels.createStreamKey(read(body).requiredString('channelArn', CHANNEL_ARN)) }),
    GetStreamKey: ({ body }) => ok({ streamKey: channels.getStreamKey(read(body).requiredString('arn', STREAM_KEY_ARN)) }),
    // A channel has at most one key, so one page always holds them all.
    ListStreamKeys: ({ body }) => {
      const keys = channels.listStreamKeys(read(body).requiredString('channelArn', CHANNEL_ARN));
      return ok({ streamKeys: keys.map(({ arn, channelArn, tags }) => ({ arn, channelArn, tags })) });
    },
    DeleteStreamKey: ({ body }) => {
      channels.deleteStreamKey(read(body).requiredString('arn', STREAM_KEY_ARN));
      return noContent();
    },
    GetStream: ({ body }) => ok({ stream: streams.getStream(read(body).requiredString('channelArn', CHANNEL_ARN)) }),
    PutMetadata: ({ body }) => {
      const input = read(body);
      const metadata = input.requiredString('metadata', { minLength: 1 });
      streams.putMetadata(input.requiredString('channelArn', CHANNEL_ARN), metadata);
      return noContent();
    },
  };
}
