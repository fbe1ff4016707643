import type { ChannelLatencyMode, ChannelType } from '@aws-sdk/client-ivs';
import type { AccountScope } from './account-scope';
import { formatArn } from './arns';
import { ivsErrors } from './errors';
import { endpointLabel, resourceId, srtPassphrase, streamKeyValue } from './ids';
import type { ChannelRecord, StreamKeyRecord } from './model';

export interface CreateChannelInput {
  name?: string;
  latencyMode?: ChannelLatencyMode;
  type?: ChannelType;
  authorized?: boolean;
  insecureIngest?: boolean;
  /** Kept as given: the stack creates the recording configuration, so the stand-in has none to check. */
  recordingConfigurationArn?: string;
  tags?: Record<string, string>;
}

/** IVS channels and their (single) stream key, in memory. */
export class IvsChannels {
  private readonly channels = new Map<string, ChannelRecord>();
  private readonly streamKeys = new Map<string, StreamKeyRecord>();

  constructor(private readonly scope: AccountScope) {}

  createChannel(input: CreateChannelInput): { channel: ChannelRecord; streamKey: StreamKeyRecord } {
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
    this.channels.set(channel.arn, channel);
    return { channel, streamKey: this.mintStreamKey(channel.arn) };
  }

  getChannel(arn: string): ChannelRecord {
    const channel = this.channels.get(arn);
    if (!channel) throw ivsErrors.notFound(arn);
    return channel;
  }

  findChannelByName(name: string): ChannelRecord | undefined {
    return [...this.channels.values()].find((channel) => channel.name === name);
  }

  channelsByTag(key: string, value: string): ChannelRecord[] {
    return [...this.channels.values()].filter((channel) => channel.tags[key] === value);
  }

  /** IVS allows exactly one stream key per channel: rotating means DeleteStreamKey, then CreateStreamKey. */
  createStreamKey(channelArn: string): StreamKeyRecord {
    this.getChannel(channelArn);
    if (this.keysOf(channelArn).length > 0) {
      throw ivsErrors.quotaExceeded(`Channel ${channelArn} already has a stream key (limit: 1 per channel)`);
    }
    return this.mintStreamKey(channelArn);
  }

  getStreamKey(arn: string): StreamKeyRecord {
    const key = this.streamKeys.get(arn);
    if (!key) throw ivsErrors.notFound(arn);
    return key;
  }

  listStreamKeys(channelArn: string): StreamKeyRecord[] {
    this.getChannel(channelArn);
    return this.keysOf(channelArn);
  }

  deleteStreamKey(arn: string): void {
    this.getStreamKey(arn);
    this.streamKeys.delete(arn);
  }

  /** The channel's current stream key value, if it has one: what an encoder must present to go live. */
  currentStreamKeyValue(channelArn: string): string | undefined {
    return this.keysOf(channelArn)[0]?.value;
  }

  private keysOf(channelArn: string): StreamKeyRecord[] {
    return [...this.streamKeys.values()].filter((key) => key.channelArn === channelArn);
  }

  private mintStreamKey(channelArn: string): StreamKeyRecord {
    const { region, accountId } = this.scope;
    const key: StreamKeyRecord = {
      arn: formatArn({ service: 'ivs', region, accountId, resourceType: 'stream-key', resourceId: resourceId() }),
      value: streamKeyValue(region),
      channelArn,
      tags: {},
    };
    this.streamKeys.set(key.arn, key);
    return key;
  }
}
