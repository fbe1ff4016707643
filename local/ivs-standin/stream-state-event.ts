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

export function streamStateChangeEvent(
  scope: AccountScope,
  change: { channelArn: string; channelName: string; streamId: string; eventName: StreamStateEventName; at: Date },
): IvsStreamStateChangeEvent {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'IVS Stream State Change',
    source: 'aws.ivs',
    account: scope.accountId,
    // EventBridge stamps whole seconds.
    time: change.at.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region: scope.region,
    resources: [change.channelArn],
    detail: { event_name: change.eventName, channel_name: change.channelName, stream_id: change.streamId },
  };
}
