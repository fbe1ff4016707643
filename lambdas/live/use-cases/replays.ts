import { logger } from '../../core/observability';
import { recordingEnd, recordingStart, replayOf, type LoggedPin } from '../domain/replays';
import type { ReplayItem } from '../model';

export interface ReplayDeps {
  channels: { sellerIdForChannel(channelArn: string): Promise<string | undefined> };
  pins: { pinsMadeBetween(sellerId: string, from: string, to: string): Promise<LoggedPin[]> };
  replays: { putReplay(replay: ReplayItem): Promise<void> };
  /** The CloudFront distribution in front of the recordings bucket. */
  cdnDomain: string;
}

export interface RecordingStateChange {
  time: string;
  channelArn: string;
  status: string;
  keyPrefix: string;
  durationMs: number;
  recordingSessionId: string;
}

export type ReplayOutcome = 'replay-saved' | 'ignored' | 'unknown-channel';

/**
 * A finished recording becomes a replay, with the pins made while it ran. Recording Start needs
 * nothing (the End carries the duration); a redelivered End puts the same replay again.
 */
export async function recordRecordingStateChange(deps: ReplayDeps, change: RecordingStateChange): Promise<ReplayOutcome> {
  if (change.status !== 'Recording End') return 'ignored';
  const sellerId = await deps.channels.sellerIdForChannel(change.channelArn);
  if (!sellerId) {
    // County channels record too; their replays are not listed per seller.
    logger.info('Recording of a channel that is not a seller’s', { channelArn: change.channelArn });
    return 'unknown-channel';
  }
  const recording = { sellerId, recordingSessionId: change.recordingSessionId, keyPrefix: change.keyPrefix, endedAt: change.time, durationMs: change.durationMs };
  const pins = await deps.pins.pinsMadeBetween(sellerId, recordingStart(recording), recordingEnd(recording));
  const replay = replayOf(recording, pins, deps.cdnDomain);
  await deps.replays.putReplay(replay);
  logger.info('Replay saved', { sellerId, replayId: replay.replayId, pins: replay.pins.length });
  return 'replay-saved';
}
