import { LRUCache } from 'lru-cache';
import type { ModerationSettings } from '../moderation/moderator';
import type { ActiveBans } from '../domain/bans';
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
  /** Users banned from the room, read with the settings (so within the same TTL of a ban). */
  readonly bans: ActiveBans;
}

/** A seller's room as stored: saved settings (none = defaults) and the bans not yet expired. */
export interface SellerRoom {
  readonly settings: RoomSettings | undefined;
  readonly bans: ActiveBans;
}

/** Where settings come from (DynamoDB in Lambda); each call gets an abort signal and a hard time limit. */
export interface RoomSettingsSource {
  roomSeller(roomArn: string, signal: AbortSignal): Promise<string | undefined>;
  /** The seller's settings and bans, in one read. */
  sellerRoom(sellerId: string, signal: AbortSignal): Promise<SellerRoom>;
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
  /** Estimated bytes of settings and bans held, at most (least recently used rooms go first). */
  readonly maxBytes?: number;
  readonly onFailure?: (failure: LoadFailure) => void;
}

export interface RoomSettingsCache {
  /** What is known right now, without waiting: fresh or stale settings, else the defaults. */
  peek(roomArn: string): RoomPolicy;
  /** Current settings, loading them when missing or older than the TTL; never waits past `budgetMs`, never rejects. */
  get(roomArn: string, budgetMs: number): Promise<RoomPolicy>;
}

export const DEFAULT_ROOM_SETTINGS: RoomSettings = Object.freeze({ ...DEFAULT_CHAT_SETTINGS, version: DEFAULT_SETTINGS_VERSION });
export const NO_BANS: ActiveBans = new Map();

export const DEFAULT_MAX_ROOMS = 5000;
/** 1,000 terms of 50 characters is about 100 KB of strings; rooms that large are rare, this holds 300 of them. */
export const DEFAULT_ROOM_SETTINGS_BYTES = 32 * 1024 * 1024;
const ENTRY_BYTES = 256;
const TERM_BYTES = 40;
const BAN_BYTES = 80;

interface Entry {
  /** Room → seller never changes once found, so it is read once per instance. */
  sellerId?: string;
  settings?: RoomSettings;
  bans: ActiveBans;
  /** Before this (clock ms), the entry is used as it is. */
  nextLoadAt: number;
  loading?: Promise<void>;
}

const policyOf = (entry: Entry | undefined): RoomPolicy => {
  const settings = entry?.settings ?? DEFAULT_ROOM_SETTINGS;
  const bans = entry?.bans ?? NO_BANS;
  return entry?.sellerId === undefined ? { settings, bans } : { sellerId: entry.sellerId, settings, bans };
};

function entryBytes(entry: Entry): number {
  let bytes = ENTRY_BYTES;
  for (const term of entry.settings?.blockedTerms ?? []) bytes += TERM_BYTES + 2 * term.length;
  for (const userId of entry.bans.keys()) bytes += BAN_BYTES + 2 * userId.length;
  return bytes;
}

/**
 * Per-room settings and bans with a short TTL: a cache hit costs no network call; a miss costs one
 * bounded read (two the first time a room is seen: its seller, then the seller's settings and bans).
 * A failed or slow read fails open: the last known settings and bans (or the defaults, which still
 * apply the global terms) are used and the read is retried after `retryMs`, so a struggling store is
 * not hit on every message.
 */
export function createRoomSettingsCache(options: RoomSettingsCacheOptions): RoomSettingsCache {
  const { source, clock, ttlMs, retryMs, callTimeoutMs, onFailure } = options;
  const entries = new LRUCache<string, Entry>({
    max: options.maxRooms ?? DEFAULT_MAX_ROOMS,
    maxSize: options.maxBytes ?? DEFAULT_ROOM_SETTINGS_BYTES,
    sizeCalculation: entryBytes,
  });

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
        entry.bans = NO_BANS;
        entry.nextLoadAt = clock() + ttlMs;
        return;
      }
      entry.sellerId = seller.value;
    }
    const sellerId = entry.sellerId;
    const room = await bounded((signal) => source.sellerRoom(sellerId, signal), limit());
    if (!room.ok) return failed('settings', room);
    entry.settings = room.value.settings;
    entry.bans = room.value.bans;
    entry.nextLoadAt = clock() + ttlMs;
  }

  return {
    peek: (roomArn) => policyOf(entries.get(roomArn)),
    async get(roomArn, budgetMs) {
      let entry = entries.get(roomArn);
      if (entry && clock() < entry.nextLoadAt) return policyOf(entry);
      if (!entry) {
        entry = { bans: NO_BANS, nextLoadAt: 0 };
        entries.set(roomArn, entry);
      }
      const current = entry;
      current.loading ??= load(roomArn, current, budgetMs)
        .catch(() => {
          current.nextLoadAt = clock() + retryMs;
        })
        .finally(() => {
          current.loading = undefined;
          // Sized again with what was loaded (LRUCache sizes a value only when a new one is set).
          entries.delete(roomArn);
          entries.set(roomArn, current);
        });
      await current.loading;
      return policyOf(current);
    },
  };
}
