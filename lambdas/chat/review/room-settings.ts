import type { ModerationSettings } from '../moderation/moderator';
import { DEFAULT_CHAT_SETTINGS, DEFAULT_SETTINGS_VERSION } from '../domain/settings';
import { bounded } from './bounded';

/** What the review handler applies in a room. */
export interface RoomSettings extends ModerationSettings {
  readonly slowModeSeconds: number;
}

export interface RoomPolicy {
  /** The room's seller; undefined for a room that belongs to no seller (a county room) or is not known yet. */
  readonly sellerId?: string;
  readonly settings: RoomSettings;
}

/** Where settings come from (DynamoDB in Lambda); each call gets an abort signal and a hard time limit. */
export interface RoomSettingsSource {
  roomSeller(roomArn: string, signal: AbortSignal): Promise<string | undefined>;
  sellerSettings(sellerId: string, signal: AbortSignal): Promise<RoomSettings | undefined>;
}

export type LoadFailure = { what: 'room-lookup' | 'settings'; cause: 'timeout' | 'error'; error?: unknown };

export interface RoomSettingsCacheOptions {
  readonly source: RoomSettingsSource;
  /** Wall clock (epoch ms); injectable for tests. */
  readonly clock: () => number;
  /** How long loaded settings are used before they are read again ("take effect within a few seconds"). */
  readonly ttlMs: number;
  /** After a failed load, how long the stale (or default) settings are used before trying again. */
  readonly retryMs: number;
  /** Limit for each store call. */
  readonly callTimeoutMs: number;
  readonly maxRooms?: number;
  readonly onFailure?: (failure: LoadFailure) => void;
}

export interface RoomSettingsCache {
  /** What is known right now, without waiting: fresh or stale settings, else the defaults. */
  peek(roomArn: string): RoomPolicy;
  /** Current settings, loading them when missing or older than the TTL; never waits past `budgetMs`, never rejects. */
  get(roomArn: string, budgetMs: number): Promise<RoomPolicy>;
}

export const DEFAULT_ROOM_SETTINGS: RoomSettings = Object.freeze({ ...DEFAULT_CHAT_SETTINGS, version: DEFAULT_SETTINGS_VERSION });

interface Entry {
  /** Room → seller never changes once found, so it is read once per instance. */
  sellerId?: string;
  settings?: RoomSettings;
  /** Before this (clock ms), the entry is used as it is. */
  nextLoadAt: number;
  loading?: Promise<void>;
}

const policyOf = (entry: Entry | undefined): RoomPolicy => {
  const settings = entry?.settings ?? DEFAULT_ROOM_SETTINGS;
  return entry?.sellerId === undefined ? { settings } : { sellerId: entry.sellerId, settings };
};

/**
 * Per-room settings with a short TTL: a cache hit costs no network call; a miss costs one bounded read
 * (two the first time a room is seen: its seller, then the seller's settings). A failed or slow read
 * fails open: the last known settings (or the defaults, which still apply the global terms) are used
 * and the read is retried after `retryMs`, so a struggling store is not hit on every message.
 */
export function createRoomSettingsCache(options: RoomSettingsCacheOptions): RoomSettingsCache {
  const { source, clock, ttlMs, retryMs, callTimeoutMs, onFailure } = options;
  const maxRooms = options.maxRooms ?? 5000;
  const entries = new Map<string, Entry>();

  async function load(roomArn: string, entry: Entry, budgetMs: number): Promise<void> {
    const deadline = performance.now() + budgetMs;
    const limit = () => Math.min(callTimeoutMs, deadline - performance.now());
    const failed = (what: LoadFailure['what'], result: { cause: 'timeout' | 'error'; error?: unknown }) => {
      entry.nextLoadAt = clock() + retryMs;
      onFailure?.({ what, cause: result.cause, error: result.error });
    };

    if (entry.sellerId === undefined) {
      const seller = await bounded((signal) => source.roomSeller(roomArn, signal), limit());
      if (!seller.ok) return failed('room-lookup', seller);
      if (seller.value === undefined) {
        entry.settings = undefined;
        entry.nextLoadAt = clock() + ttlMs;
        return;
      }
      entry.sellerId = seller.value;
    }
    const sellerId = entry.sellerId;
    const settings = await bounded((signal) => source.sellerSettings(sellerId, signal), limit());
    if (!settings.ok) return failed('settings', settings);
    entry.settings = settings.value;
    entry.nextLoadAt = clock() + ttlMs;
  }

  return {
    peek: (roomArn) => policyOf(entries.get(roomArn)),
    async get(roomArn, budgetMs) {
      let entry = entries.get(roomArn);
      if (entry && clock() < entry.nextLoadAt) return policyOf(entry);
      if (!entry) {
        entry = { nextLoadAt: 0 };
        entries.set(roomArn, entry);
        if (entries.size > maxRooms) entries.delete(entries.keys().next().value!);
      }
      const current = entry;
      current.loading ??= load(roomArn, current, budgetMs)
        .catch(() => {
          current.nextLoadAt = clock() + retryMs;
        })
        .finally(() => {
          current.loading = undefined;
        });
      await current.loading;
      return policyOf(current);
    },
  };
}
