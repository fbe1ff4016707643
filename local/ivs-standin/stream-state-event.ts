import { randomUUID } from 'node:crypto';
import type { EventBridgeEvent } from 'aws-lambda';
import type { AccountScope } from './account-scope';

export type StreamStateEventName = 'Stream Start' | 'Stream End';

export interface IvsStreamStateChangeDetail {
  event_name: StreamStateEventName;
  channel_name: string;
  stream_id: string;
}

/** The `aws.ivs` event EventBridge delivers when a channel goes live or offline. */
export type IvsStreamStateChangeEvent = EventBridgeEvent<'IVS Stream State Change', IvsStreamStateChangeDetail>;

export type RecordingStatus = 'Recording Start' | 'Recording End';

export interface IvsRecordingStateChangeDetail {
  channel_name: string;
  stream_id: string;
  recording_status: RecordingStatus;
  recording_status_reason: string;
  recording_s3_bucket_name: string;
  recording_s3_key_prefix: string;
  /** 0 on Recording Start. */
  recording_duration_ms: number;
  recording_session_id: string;
  recording_session_stream_ids: string[];
}

/** The `aws.ivs` event EventBridge delivers when recording to S3 starts or ends on a channel. */
export type IvsRecordingStateChangeEvent = EventBridgeEvent<'IVS Recording State Change', IvsRecordingStateChangeDetail>;

function awsIvsEvent<Type extends string, Detail>(scope: AccountScope, detailType: Type, channelArn: string, at: Date, detail: Detail): EventBridgeEvent<Type, Detail> {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': detailType,
    source: 'aws.ivs',
    account: scope.accountId,
    // EventBridge stamps whole seconds.
    time: at.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region: scope.region,
    resources: [channelArn],
    detail,
  };
}

export function streamStateChangeEvent(
  scope: AccountScope,
  change: { channelArn: string; channelName: string; streamId: string; eventName: StreamStateEventName; at: Date },
): IvsStreamStateChangeEvent {
  return awsIvsEvent(scope, 'IVS Stream State Change', change.channelArn, change.at, {
    event_name: change.eventName,
    channel_name: change.channelName,
    stream_id: change.streamId,
  });
}

export interface RecordingSession {
  channelArn: string;
  channelName: string;
  streamId: string;
  bucketName: string;
  /** `ivs/v1/<account>/<channel id>/<yyyy/m/d/H/M>/<recording session id>`, as IVS lays out a recording. */
  keyPrefix: string;
  sessionId: string;
  startedAt: Date;
}

export function recordingStateChangeEvent(scope: AccountScope, session: RecordingSession, status: RecordingStatus, at: Date): IvsRecordingStateChangeEvent {
  return awsIvsEvent(scope, 'IVS Recording State Change', session.channelArn, at, {
    channel_name: session.channelName,
    stream_id: session.streamId,
    recording_status: status,
    recording_status_reason: '',
    recording_s3_bucket_name: session.bucketName,
    recording_s3_key_prefix: session.keyPrefix,
    recording_duration_ms: status === 'Recording End' ? at.getTime() - session.startedAt.getTime() : 0,
    recording_session_id: session.sessionId,
    recording_session_stream_ids: [session.streamId],
  });
}
