import { describe, expect, it, vi } from 'vitest';
import { createRoomSettingsCache, DEFAULT_ROOM_SETTINGS, type RoomSettings, type RoomSettingsSource } from '../../../lambdas/chat/review/room-settings';

const room = 'arn:aws:ivschat:us-east-1:123456789012:room/abcd1234';
const settings = (version: string, blockedTerms: string[] = ['榴莲']): RoomSettings => ({ blockedTerms, slowModeSeconds: 0, maskContacts: true, version });
const never = () => new Promise<never>(() => {});

function setup(source: Partial<RoomSettingsSource>, options: { ttlMs?: number; retryMs?: number } = {}) {
  let now = 1_000_000;
  const failures: unknown[] = [];
  const full: RoomSettingsSource = {
    roomSeller: vi.fn(source.roomSeller ?? (async () => 'zhang')),
    sellerSettings: vi.fn(source.sellerSettings ?? (async () => settings('v1'))),
  };
  const cache = createRoomSettingsCache({
    source: full,
    clock: () => now,
    ttlMs: options.ttlMs ?? 5_000,
    retryMs: options.retryMs ?? 1_000,
    callTimeoutMs: 20,
    onFailure: (failure) => failures.push(failure),
  });
  return { cache, source: full, failures, advance: (ms: number) => (now += ms) };
}

describe('room settings cache', () => {
  it('loads a room\'s seller and settings once, then serves them without a call until the TTL passes', async () => {
    const { cache, source, advance } = setup({});
    expect(await cache.get(room, 100)).toEqual({ sellerId: 'zhang', settings: settings('v1') });
    advance(4_999);
    await cache.get(room, 100);
    expect(source.sellerSettings).toHaveBeenCalledTimes(1);
    advance(1);
    await cache.get(room, 100);
    expect(source.sellerSettings).toHaveBeenCalledTimes(2);
    // Room → seller never changes: looked up once.
    expect(source.roomSeller).toHaveBeenCalledTimes(1);
  });

  it('a settings change shows once the TTL has passed', async () => {
    let current = settings('v1', ['榴莲']);
    const { cache, advance } = setup({ sellerSettings: async () => current });
    expect((await cache.get(room, 100)).settings.version).toBe('v1');
    current = settings('v2', []);
    advance(2_000);
    expect((await cache.get(room, 100)).settings.version).toBe('v1');
    advance(3_000);
    expect((await cache.get(room, 100)).settings.version).toBe('v2');
  });

  it('a seller who never saved settings gets the defaults', async () => {
    const { cache } = setup({ sellerSettings: async () => undefined });
    expect(await cache.get(room, 100)).toEqual({ sellerId: 'zhang', settings: DEFAULT_ROOM_SETTINGS });
  });

  it('a room of no seller (a county room) gets the defaults, and is looked up again after the TTL', async () => {
    const { cache, source, advance } = setup({ roomSeller: async () => undefined });
    expect(await cache.get(room, 100)).toEqual({ settings: DEFAULT_ROOM_SETTINGS });
    expect(source.sellerSettings).not.toHaveBeenCalled();
    advance(5_000);
    await cache.get(room, 100);
    expect(source.roomSeller).toHaveBeenCalledTimes(2);
  });

  it('a hanging store times out: defaults now, no new call before the retry delay, then a retry', async () => {
    const { cache, source, failures, advance } = setup({ roomSeller: never });
    expect(await cache.get(room, 100)).toEqual({ settings: DEFAULT_ROOM_SETTINGS });
    expect(failures).toEqual([{ what: 'room-lookup', cause: 'timeout', error: undefined }]);
    advance(999);
    await cache.get(room, 100);
    expect(source.roomSeller).toHaveBeenCalledTimes(1);
    advance(1);
    await cache.get(room, 100);
    expect(source.roomSeller).toHaveBeenCalledTimes(2);
  });

  it('a failing reload keeps the last known settings (stale beats defaults)', async () => {
    let fail = false;
    const { cache, failures, advance } = setup({
      sellerSettings: async () => {
        if (fail) throw new Error('ProvisionedThroughputExceeded');
        return settings('v1');
      },
    });
    await cache.get(room, 100);
    fail = true;
    advance(5_000);
    expect((await cache.get(room, 100)).settings.version).toBe('v1');
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({ what: 'settings', cause: 'error' });
  });

  it('never waits past its budget, and concurrent misses share one load', async () => {
    const { cache, source } = setup({ sellerSettings: never });
    const results = await Promise.all([cache.get(room, 5), cache.get(room, 5)]);
    expect(results.map((r) => r.settings)).toEqual([DEFAULT_ROOM_SETTINGS, DEFAULT_ROOM_SETTINGS]);
    expect(source.sellerSettings).toHaveBeenCalledTimes(1);
  });

  it('peek answers from what is cached, without calling the store', async () => {
    const { cache, source } = setup({});
    expect(cache.peek(room)).toEqual({ settings: DEFAULT_ROOM_SETTINGS });
    await cache.get(room, 100);
    expect(cache.peek(room)).toEqual({ sellerId: 'zhang', settings: settings('v1') });
    expect(source.roomSeller).toHaveBeenCalledTimes(1);
  });
});
