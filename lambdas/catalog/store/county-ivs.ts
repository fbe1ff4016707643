import {
  CreateChannelCommand,
  DeleteChannelCommand,
  GetChannelCommand,
  IvsClient,
  ListChannelsCommand,
  UpdateChannelCommand,
} from '@aws-sdk/client-ivs';
import { CreateRoomCommand, DeleteRoomCommand, IvschatClient, ListRoomsCommand, UpdateRoomCommand } from '@aws-sdk/client-ivschat';
import { CHANNEL_SETTINGS } from '../../../lib/county-channels';
import { tracer } from '../../core/observability';
import { createPacer } from '../domain/pacer';
import type { CountyIvs, CountySettings, NamedResource } from '../use-cases/provision-county-channels';

/**
 * The provisioner's own clients: adaptive retries (client-side rate limiting once IVS throttles) and
 * many attempts, since a deployment may wait; the shared API clients keep their short defaults.
 */
const retry = { retryMode: 'adaptive', maxAttempts: 10 } as const;
const ivs = tracer.captureAWSv3Client(new IvsClient(retry));
const ivschat = tracer.captureAWSv3Client(new IvschatClient(retry));
/** IVS CreateChannel / CreateRoom (and the rest of the writes) allow 5 TPS per account: 4/s each. */
const pacedIvs = createPacer(250);
const pacedChat = createPacer(250);

const named = (items: { name?: string | undefined; arn?: string | undefined }[] | undefined, prefix: string): NamedResource[] =>
  (items ?? []).flatMap((item) => (item.name?.startsWith(prefix) && item.arn ? [{ name: item.name, arn: item.arn }] : []));

const recording = (settings: CountySettings) => ({ recordingConfigurationArn: settings.recordingConfigurationArn ?? '' });
const roomSettings = ({ room }: CountySettings) => ({
  maximumMessageLength: room.maximumMessageLength,
  maximumMessageRatePerSecond: room.maximumMessageRatePerSecond,
  messageReviewHandler: room.messageReviewHandler,
});

export const countyIvs: CountyIvs = {
  async listChannels(prefix) {
    const found: NamedResource[] = [];
    let nextToken: string | undefined;
    do {
      const page = await pacedIvs(() => ivs.send(new ListChannelsCommand({ filterByName: prefix, maxResults: 100, nextToken })));
      found.push(...named(page.channels, prefix));
      nextToken = page.nextToken;
    } while (nextToken);
    return found;
  },
  async listRooms(prefix) {
    const found: NamedResource[] = [];
    let nextToken: string | undefined;
    do {
      const page = await pacedChat(() => ivschat.send(new ListRoomsCommand({ name: prefix, maxResults: 50, nextToken })));
      found.push(...named(page.rooms, prefix));
      nextToken = page.nextToken;
    } while (nextToken);
    return found;
  },
  async getPlaybackUrl(arn) {
    const { channel } = await pacedIvs(() => ivs.send(new GetChannelCommand({ arn })));
    if (!channel?.playbackUrl) throw new Error(`GetChannel returned no playback URL for ${arn}`);
    return channel.playbackUrl;
  },
  async createChannel(name, tags, settings) {
    const { channel } = await pacedIvs(() =>
      ivs.send(
        new CreateChannelCommand({
          name,
          ...CHANNEL_SETTINGS,
          tags,
          ...(settings.recordingConfigurationArn ? { recordingConfigurationArn: settings.recordingConfigurationArn } : {}),
        }),
      ),
    );
    if (!channel?.arn || !channel.playbackUrl) throw new Error(`CreateChannel returned an incomplete channel for ${name}`);
    return { arn: channel.arn, playbackUrl: channel.playbackUrl };
  },
  async updateChannel(arn, settings) {
    await pacedIvs(() => ivs.send(new UpdateChannelCommand({ arn, ...CHANNEL_SETTINGS, ...recording(settings) })));
  },
  async deleteChannel(arn) {
    await pacedIvs(() => ivs.send(new DeleteChannelCommand({ arn })));
  },
  async createRoom(name, tags, settings) {
    const room = await pacedChat(() => ivschat.send(new CreateRoomCommand({ name, tags, ...roomSettings(settings) })));
    if (!room.arn) throw new Error(`CreateRoom returned no ARN for ${name}`);
    return { arn: room.arn };
  },
  async updateRoom(identifier, settings) {
    await pacedChat(() => ivschat.send(new UpdateRoomCommand({ identifier, ...roomSettings(settings) })));
  },
  async deleteRoom(identifier) {
    await pacedChat(() => ivschat.send(new DeleteRoomCommand({ identifier })));
  },
};
