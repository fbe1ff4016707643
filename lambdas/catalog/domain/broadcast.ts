import type { Observation } from './live-status';

/** A stream that starts again within this long of its end continues the same broadcast (an encoder reconnect). */
export const RECONNECT_WINDOW_MS = 10 * 60 * 1000;

/** What the live-status item remembers about broadcasts, across its versioned puts. */
export interface BroadcastState {
  broadcastId?: string | undefined;
  broadcastStartedAt?: string | undefined;
  /** When the channel was last seen going offline. */
  lastEndedAt?: string | undefined;
  /** The broadcast whose go-live was published and fanned out (absent until then). */
  announcedBroadcastId?: string | undefined;
}

export interface StoredBroadcast extends BroadcastState {
  live: boolean;
}

/**
 * The broadcast state after `observation`, given what was stored. A live observation continues the
 * stored broadcast when the channel was already live, or when it went offline at most
 * RECONNECT_WINDOW_MS before this stream started; otherwise it begins a new one, named `newId`.
 * An offline observation keeps the broadcast and records when it ended (only on the live → offline
 * change, so a repeated End does not push the window on).
 */
export function nextBroadcast(stored: StoredBroadcast | undefined, observation: Pick<Observation, 'live' | 'at' | 'startedAt'>, newId: () => string): BroadcastState {
  const carried: BroadcastState = {
    broadcastId: stored?.broadcastId,
    broadcastStartedAt: stored?.broadcastStartedAt,
    lastEndedAt: stored?.lastEndedAt,
    announcedBroadcastId: stored?.announcedBroadcastId,
  };
  if (!observation.live) return stored?.live ? { ...carried, lastEndedAt: observation.at } : carried;
  if (stored?.broadcastId && (stored.live || isReconnect(stored.lastEndedAt, observation.startedAt ?? observation.at))) return carried;
  return { ...carried, broadcastId: newId(), broadcastStartedAt: observation.startedAt ?? observation.at };
}

function isReconnect(lastEndedAt: string | undefined, startedAt: string): boolean {
  if (!lastEndedAt) return false;
  return Date.parse(startedAt) - Date.parse(lastEndedAt) <= RECONNECT_WINDOW_MS;
}

/** A live broadcast whose go-live has not been announced yet (a crash between the write and the announcement leaves one). */
export const pendingAnnouncement = (state: StoredBroadcast | undefined): state is StoredBroadcast & { broadcastId: string; broadcastStartedAt: string } =>
  !!state?.live && !!state.broadcastId && !!state.broadcastStartedAt && state.announcedBroadcastId !== state.broadcastId;
