import type { ReplayItem, ReplayPin } from '../model';

/** A pin as the catalog logs it (lambdas/catalog/model.ts, pin log). */
export interface LoggedPin {
  productId: string;
  productTitle?: string | undefined;
  startsAt: string;
}

/** `https://<domain>/<prefix>/media/hls/master.m3u8`: where IVS writes a recording's HLS master playlist. */
export function replayPlaybackUrl(cdnDomain: string, keyPrefix: string): string {
  const prefix = keyPrefix.replace(/^\/+|\/+$/g, '');
  return `https://${cdnDomain}/${prefix.split('/').map(encodeURIComponent).join('/')}/media/hls/master.m3u8`;
}

/** The pins made while the recording ran, oldest first, with their offset from its start (whole seconds). */
export function pinsDuring(pins: readonly LoggedPin[], startedAt: string, endedAt: string): ReplayPin[] {
  const start = Date.parse(startedAt);
  const end = Date.parse(endedAt);
  return pins
    .filter((pin) => {
      const at = Date.parse(pin.startsAt);
      return at >= start && at <= end;
    })
    .sort((a, b) => a.startsAt.localeCompare(b.startsAt))
    .map((pin) => ({
      atSeconds: Math.max(0, Math.floor((Date.parse(pin.startsAt) - start) / 1000)),
      productId: pin.productId,
      title: pin.productTitle ?? '',
    }));
}

export interface FinishedRecording {
  sellerId: string;
  recordingSessionId: string;
  keyPrefix: string;
  /** The Recording End event's time. */
  endedAt: string;
  durationMs: number;
}

/** The recording's start: its end less its duration (the Recording End event carries both). */
export const recordingStart = (recording: Pick<FinishedRecording, 'endedAt' | 'durationMs'>) =>
  new Date(Date.parse(recording.endedAt) - recording.durationMs).toISOString();

/** EventBridge stamps whole seconds: anything within the End event's second was made during the recording. */
export const recordingEnd = (recording: Pick<FinishedRecording, 'endedAt'>) => new Date(Date.parse(recording.endedAt) + 999).toISOString();

export function replayOf(recording: FinishedRecording, pins: readonly LoggedPin[], cdnDomain: string): ReplayItem {
  const startedAt = recordingStart(recording);
  return {
    replayId: recording.recordingSessionId,
    sellerId: recording.sellerId,
    startedAt,
    endedAt: new Date(Date.parse(recording.endedAt)).toISOString(),
    durationSeconds: Math.round(recording.durationMs / 1000),
    playbackUrl: replayPlaybackUrl(cdnDomain, recording.keyPrefix),
    pins: pinsDuring(pins, startedAt, recordingEnd(recording)),
  };
}
