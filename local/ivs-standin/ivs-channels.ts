import type { ChannelLatencyMode, ChannelType, ThumbnailConfiguration } from '@aws-sdk/client-ivs';
import type { AccountScope } from './account-scope';
import { formatArn } from './arns';
import { ivsErrors } from './errors';
import { endpointLabel, resourceId, srtPassphrase, streamKeyValue } from './ids';
import type { ChannelRecord, RecordingConfigurationRecord, StreamKeyRecord } from './model';
import type { ResourceStore } from './resource-store';

export interface CreateChannelInput {
  name?: string;
  latencyMode?: ChannelLatencyMode;
  type?: ChannelType;
  authorized?: boolean;
  insecureIngest?: boolean;
  recordingConfigurationArn?: string;
  tags?: Record<string, string>;
}

export interface ChannelFilter {
  name?: string;
  recordingConfigurationArn?: string;
}

export interface CreateRecordingConfigurationInput {
  name?: string;
  bucketName: string;
  tags?: Record<string, string>;
  thumbnailConfiguration?: ThumbnailConfiguration;
  recordingReconnectWindowSeconds?: number;
}

/** IVS control-plane resources: channels, their (single) stream key, and recording configurations. */
export class IvsChannels {
  constructor(
    private readonly scope: AccountScope,
    private readonly store: ResourceStore,
  ) {}

  createChannel(input: CreateChannelInput): { channel: ChannelRecord; streamKey: StreamKeyRecord } {
    if (input.recordingConfigurationArn) this.getRecordingConfiguration(input.recordingConfigurationArn);
    const id = resourceId();
    const label = endpointLabel();
    const { region, accountId } = this.scope;
    const channel: ChannelRecord = {
      arn: formatArn({ service: 'ivs', region, accountId, resourceType: 'channel', resourceId: id }),
      name: input.name ?? '',
      latencyMode: input.latencyMode ?? 'LOW',
      type: input.type ?? 'STANDARD',
      recordingConfigurationArn: input.recordingConfigurationArn ?? '',
      ingestEndpoint: `${label}.global-contribute.live-video.net`,
      playbackUrl: `https://${label}.${region}.playback.live-video.net/api/video/v1/${region}.${accountId}.channel.${id}.m3u8`,
      authorized: input.authorized ?? false,
      tags: input.tags ?? {},
      insecureIngest: input.insecureIngest ?? false,
      preset: '',
      srt: { endpoint: `${label}.srt.live-video.net`, passphrase: srtPassphrase() },
      playbackRestrictionPolicyArn: '',
      multitrackInputConfiguration: { enabled: false, policy: 'ALLOW', maximumResolution: 'FULL_HD' },
      containerFormat: 'TS',
    };
    this.store.channels.set(channel.arn, channel);
    const streamKey = this.mintStreamKey(channel.arn, {});
    this.store.persist();
    return { channel, streamKey };
  }

  getChannel(arn: string): ChannelRecord {
    const channel = this.store.channels.get(arn);
    if (!channel) throw ivsErrors.notFound(arn);
    return channel;
  }

  listChannels(filter: ChannelFilter): ChannelRecord[] {
    return [...this.store.channels.values()].filter(
      (channel) =>
        (filter.name === undefined || channel.name === filter.name) &&
        (filter.recordingConfigurationArn === undefined ||
          channel.recordingConfigurationArn === filter.recordingConfigurationArn),
    );
  }

  findChannelByName(name: string): ChannelRecord | undefined {
    return [...this.store.channels.values()].find((channel) => channel.name === name);
  }

  findChannelByTag(key: string, value: string): ChannelRecord | undefined {
    return [...this.store.channels.values()].find((channel) => channel.tags[key] === value);
  }

  deleteChannel(arn: string): void {
    this.getChannel(arn);
    for (const key of this.keysOf(arn)) this.store.streamKeys.delete(key.arn);
    this.store.channels.delete(arn);
    this.store.persist();
  }

  /** IVS allows exactly one stream key per channel: rotating means DeleteStreamKey, then CreateStreamKey. */
  createStreamKey(channelArn: string, tags: Record<string, string>): StreamKeyRecord {
    this.getChannel(channelArn);
    if (this.keysOf(channelArn).length > 0) {
      throw ivsErrors.quotaExceeded(`Channel ${channelArn} already has a stream key (limit: 1 per channel)`);
    }
    const key = this.mintStreamKey(channelArn, tags);
    this.store.persist();
    return key;
  }

  getStreamKey(arn: string): StreamKeyRecord {
    const key = this.store.streamKeys.get(arn);
    if (!key) throw ivsErrors.notFound(arn);
    return key;
  }

  listStreamKeys(channelArn: string): StreamKeyRecord[] {
    this.getChannel(channelArn);
    return this.keysOf(channelArn);
  }

  deleteStreamKey(arn: string): void {
    this.getStreamKey(arn);
    this.store.streamKeys.delete(arn);
    this.store.persist();
  }

  /** The channel's current stream key value, if it has one: what an encoder must present to go live. */
  currentStreamKeyValue(channelArn: string): string | undefined {
    return this.keysOf(channelArn)[0]?.value;
  }

  createRecordingConfiguration(input: CreateRecordingConfigurationInput): RecordingConfigurationRecord {
    const { region, accountId } = this.scope;
    const config: RecordingConfigurationRecord = {
      arn: formatArn({ service: 'ivs', region, accountId, resourceType: 'recording-configuration', resourceId: resourceId() }),
      name: input.name ?? '',
      destinationConfiguration: { s3: { bucketName: input.bucketName } },
      // AWS goes CREATING → ACTIVE within seconds; the stand-in has nothing to provision.
      state: 'ACTIVE',
      tags: input.tags ?? {},
      thumbnailConfiguration: {
        recordingMode: 'INTERVAL',
        targetIntervalSeconds: 60,
        storage: ['SEQUENTIAL'],
        ...input.thumbnailConfiguration,
      },
      recordingReconnectWindowSeconds: input.recordingReconnectWindowSeconds ?? 0,
      renditionConfiguration: { renditionSelection: 'ALL', renditions: [] },
    };
    this.store.recordingConfigurations.set(config.arn, config);
    this.store.persist();
    return config;
  }

  getRecordingConfiguration(arn: string): RecordingConfigurationRecord {
    const config = this.store.recordingConfigurations.get(arn);
    if (!config) throw ivsErrors.notFound(arn);
    return config;
  }

  deleteRecordingConfiguration(arn: string): void {
    this.getRecordingConfiguration(arn);
    if (this.listChannels({ recordingConfigurationArn: arn }).length > 0) {
      throw ivsErrors.conflict(`Recording configuration ${arn} is used by a channel`);
    }
    this.store.recordingConfigurations.delete(arn);
    this.store.persist();
  }

  private keysOf(channelArn: string): StreamKeyRecord[] {
    return [...this.store.streamKeys.values()].filter((key) => key.channelArn === channelArn);
  }

  private mintStreamKey(channelArn: string, tags: Record<string, string>): StreamKeyRecord {
    const { region, accountId } = this.scope;
    const key: StreamKeyRecord = {
      arn: formatArn({ service: 'ivs', region, accountId, resourceType: 'stream-key', resourceId: resourceId() }),
      value: streamKeyValue(region),
      channelArn,
      tags,
    };
    this.store.streamKeys.set(key.arn, key);
    return key;
  }
}
