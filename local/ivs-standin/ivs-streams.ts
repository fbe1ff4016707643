import type { AccountScope } from './account-scope';
import type { StandInClock } from './clock';
import { AwsServiceError, ivsErrors } from './errors';
import { streamId as newStreamId, recordingSessionId } from './ids';
import type { IvsChannels } from './ivs-channels';
import { RateWindow } from './rate-window';
import {
  recordingStateChangeEvent,
  streamStateChangeEvent,
  type IvsRecordingStateChangeEvent,
  type IvsStreamStateChangeEvent,
  type RecordingSession,
} from './stream-state-event';

export const METADATA_MAX_BYTES = 1024;
export const PUT_METADATA_PER_SECOND = 5;

export interface TimedMetadataEntry {
  payload: string;
  /** When PutMetadata accepted it (ISO-8601 UTC). */
  at: string;
  /** The stream session it was inserted into. */
  streamId: string;
}

interface LiveStream {
  streamId: string;
  startTime: Date;
  /** Present when the channel has a recording configuration. */
  recording?: RecordingSession;
}

export interface StreamEvents {
  onStreamStateChange: (event: IvsStreamStateChangeEvent) => void;
  onRecordingStateChange: (event: IvsRecordingStateChangeEvent) => void;
  /** The S3 bucket that recording configurations write to. */
  recordingBucketName: string;
}

/** Live state of channels: who is broadcasting (and recording), and the timed metadata put on them. */
export class IvsStreams {
  private readonly live = new Map<string, LiveStream>();
  private readonly metadata = new Map<string, TimedMetadataEntry[]>();
  /** Recordings started by hand (the local control route), for channels created without a configuration. */
  private readonly manualRecordings = new Map<string, RecordingSession>();
  private readonly putMetadataRate: RateWindow;

  constructor(
    private readonly scope: AccountScope,
    private readonly channels: IvsChannels,
    private readonly events: StreamEvents,
    clock: StandInClock,
  ) {
    this.putMetadataRate = new RateWindow(PUT_METADATA_PER_SECOND, 1000, clock);
  }

  /** An encoder connected with the channel's stream key; a rotated-away key is refused. */
  start(channelArn: string, presentedStreamKey?: string): IvsStreamStateChangeEvent {
    const channel = this.channels.getChannel(channelArn);
    if (this.live.has(channelArn)) throw ivsErrors.conflict(`Channel ${channelArn} is already live`);
    const currentKey = this.channels.currentStreamKeyValue(channelArn);
    if (currentKey === undefined || (presentedStreamKey !== undefined && presentedStreamKey !== currentKey)) {
      throw new AwsServiceError(403, 'InvalidStreamKey', { message: `Stream key refused for channel ${channelArn}` });
    }
    const startTime = new Date();
    const stream: LiveStream = { streamId: newStreamId(), startTime };
    if (channel.recordingConfigurationArn) {
      stream.recording = this.recordingSession(channelArn, channel.name, stream.streamId, startTime);
    }
    this.live.set(channelArn, stream);
    const event = this.announce(channelArn, channel.name, stream.streamId, 'Stream Start');
    if (stream.recording) this.events.onRecordingStateChange(recordingStateChangeEvent(this.scope, stream.recording, 'Recording Start', startTime));
    return event;
  }

  /** The encoder disconnected. */
  end(channelArn: string): IvsStreamStateChangeEvent {
    const channel = this.channels.getChannel(channelArn);
    const stream = this.live.get(channelArn);
    if (!stream) throw ivsErrors.channelNotBroadcasting(channelArn);
    this.live.delete(channelArn);
    const event = this.announce(channelArn, channel.name, stream.streamId, 'Stream End');
    if (stream.recording) this.events.onRecordingStateChange(recordingStateChangeEvent(this.scope, stream.recording, 'Recording End', new Date()));
    return event;
  }

  /**
   * A recording started or ended by hand, as IVS would record a broadcast with a recording
   * configuration: an End closes the session its Start opened (a 409 without one).
   */
  recordingEvent(channelArn: string, status: 'Recording Start' | 'Recording End'): IvsRecordingStateChangeEvent {
    const channel = this.channels.getChannel(channelArn);
    const now = new Date();
    let event: IvsRecordingStateChangeEvent;
    if (status === 'Recording Start') {
      if (this.manualRecordings.has(channelArn) || this.live.get(channelArn)?.recording) throw ivsErrors.conflict(`Channel ${channelArn} is already recording`);
      const session = this.recordingSession(channelArn, channel.name, this.live.get(channelArn)?.streamId ?? newStreamId(), now);
      this.manualRecordings.set(channelArn, session);
      event = recordingStateChangeEvent(this.scope, session, status, now);
    } else {
      const session = this.manualRecordings.get(channelArn);
      if (!session) throw ivsErrors.conflict(`Channel ${channelArn} is not recording`);
      this.manualRecordings.delete(channelArn);
      event = recordingStateChangeEvent(this.scope, session, status, now);
    }
    this.events.onRecordingStateChange(event);
    return event;
  }

  getStream(channelArn: string) {
    const channel = this.channels.getChannel(channelArn);
    const stream = this.live.get(channelArn);
    if (!stream) throw ivsErrors.channelNotBroadcasting(channelArn);
    return {
      channelArn,
      streamId: stream.streamId,
      playbackUrl: channel.playbackUrl,
      startTime: stream.startTime.toISOString(),
      state: 'LIVE' as const,
      health: 'HEALTHY' as const,
      viewerCount: 0,
    };
  }

  putMetadata(channelArn: string, payload: string): void {
    if (Buffer.byteLength(payload, 'utf8') > METADATA_MAX_BYTES) {
      throw ivsErrors.validation(`metadata exceeds the maximum size of ${METADATA_MAX_BYTES} bytes`);
    }
    this.channels.getChannel(channelArn);
    const stream = this.live.get(channelArn);
    if (!stream) throw ivsErrors.channelNotBroadcasting(channelArn);
    if (!this.putMetadataRate.tryAdmit(channelArn)) {
      throw ivsErrors.throttled(`PutMetadata is limited to ${PUT_METADATA_PER_SECOND} calls per second per channel`);
    }
    const entries = this.metadata.get(channelArn) ?? [];
    entries.push({ payload, at: new Date().toISOString(), streamId: stream.streamId });
    this.metadata.set(channelArn, entries);
  }

  metadataFor(channelArn: string): TimedMetadataEntry[] {
    return [...(this.metadata.get(channelArn) ?? [])];
  }

  private announce(
    channelArn: string,
    channelName: string,
    streamId: string,
    eventName: 'Stream Start' | 'Stream End',
  ): IvsStreamStateChangeEvent {
    const event = streamStateChangeEvent(this.scope, { channelArn, channelName, streamId, eventName, at: new Date() });
    this.events.onStreamStateChange(event);
    return event;
  }

  private recordingSession(channelArn: string, channelName: string, streamId: string, startedAt: Date): RecordingSession {
    const channelId = channelArn.slice(channelArn.lastIndexOf('/') + 1);
    const minute = `${startedAt.getUTCFullYear()}/${startedAt.getUTCMonth() + 1}/${startedAt.getUTCDate()}/${startedAt.getUTCHours()}/${startedAt.getUTCMinutes()}`;
    const sessionId = recordingSessionId();
    const keyPrefix = `ivs/v1/${this.scope.accountId}/${channelId}/${minute}/${sessionId}`;
    return { channelArn, channelName, streamId, bucketName: this.events.recordingBucketName, keyPrefix, sessionId, startedAt };
  }
}
