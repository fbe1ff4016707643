/**
 * Live status from best-effort IVS events. Events may arrive late, twice or out of order, so every
 * write carries a version and only lands when it is newer than what is stored:
 *
 * - an observation's version is `{time with ms}#{0 live | 1 offline}`; ISO-8601 UTC strings of one
 *   format sort like the instants, and within one instant "offline" sorts after "live" (EventBridge
 *   stamps whole seconds, and a Stream End never precedes its own Stream Start);
 * - a repeated event has the same version as its first delivery, so it is a no-op;
 * - the handler prefers GetStream (what IVS says now, stamped with the time it asked) over the event;
 *   it falls back on the event's own time only when GetStream is unavailable.
 */
export type StreamEventName = 'Stream Start' | 'Stream End';

export interface Observation {
  live: boolean;
  /** When this was true. */
  at: string;
  streamId: string | null;
  startedAt: string | null;
  source: 'event' | 'get-stream';
}

const isoMs = (time: string | Date) => new Date(time).toISOString();

export function observationFromEvent(event: { time: string; detail: { event_name: string; stream_id?: string | undefined } }): Observation | undefined {
  const at = isoMs(event.time);
  const streamId = event.detail.stream_id ?? null;
  if (event.detail.event_name === 'Stream Start') return { live: true, at, streamId, startedAt: at, source: 'event' };
  if (event.detail.event_name === 'Stream End') return { live: false, at, streamId, startedAt: null, source: 'event' };
  return undefined;
}

/** What GetStream answered at `observedAt`: a live stream, or none (ChannelNotBroadcasting). */
export function observationFromStream(stream: { streamId?: string | undefined; startTime?: Date | string | undefined; state?: string | undefined } | undefined, observedAt: Date): Observation {
  const at = isoMs(observedAt);
  if (!stream || stream.state === 'OFFLINE') return { live: false, at, streamId: stream?.streamId ?? null, startedAt: null, source: 'get-stream' };
  return {
    live: true,
    at,
    streamId: stream.streamId ?? null,
    startedAt: stream.startTime ? isoMs(stream.startTime) : at,
    source: 'get-stream',
  };
}

export const stateVersion = (observation: Pick<Observation, 'at' | 'live'>) => `${observation.at}#${observation.live ? 0 : 1}`;

export const supersedes = (candidateVersion: string, storedVersion: string | undefined) =>
  storedVersion === undefined || candidateVersion > storedVersion;
