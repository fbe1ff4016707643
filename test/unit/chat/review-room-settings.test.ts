import { describe, expect, it, vi } from 'vitest';
import { createRoomSettingsCache, DEFAULT_ROOM_SETTINGS, NO_BANS, type RoomSettings, type RoomSettingsSource, type SellerRoom } from '../../../lambdas/chat/review/room-settings';

const room = 'arn:aws:ivschat:us-east-1:123456789012:room/abcd1234';
const settings = (version: string, blockedTerms: string[] = ['榴莲']): RoomSettings => ({ blockedTerms, slowModeSeconds: 0, maskContacts: true, version });
const never = () => new Promise<never>(() => {});
const noBans = (roomSettings: RoomSettings | undefined): SellerRoom => ({ settings: roomSettings, bans: NO_BANS });

function setup(source: Partial<RoomSettingsSource>, options: { ttlMs?: number; retryMs?: number; maxBytes?: number } = {}) {
  let now = 1_000_000;
  const failures: unknown[] = [];
  const full: RoomSettingsSource = {
    roomSeller: vi.fn(source.roomSeller ?? (async () => 'zhang')),
    sellerRoom: vi.fn(source.sellerRoom ?? (async () => noBans(settings('v1')))),
  };
  const cache = createRoomSettingsCache({
    source: full,
    clock: () => now,
    ttlMs: options.ttlMs ?? 5_000,
    retryMs: options.retryMs ?? 1_000,
    callTimeoutMs: 20,
    ...(options.maxBytes ? { maxBytes: options.maxBytes } : {}),
    onFailure: (failure) => failures.push(failure),
  });
  return { cache, source: full, failures, advance: (ms: number) => (now += ms) };
}

describe('room settings cache', () => {
  it('loads a room\'s seller and settings once, then serves them without a call until the TTL passes', async () => {
    const { cache, source, advance } = setup({});
    expect(await cache.get(room, 100)).toEqual({ sellerId: 'zhang', settings: settings('v1'), bans: NO_BANS });
    advance(4_999);
    await cache.get(room, 100);
    expect(source.sellerRoom).toHaveBeenCalledTimes(1);
    advance(1);
    await cache.get(room, 100);
    expect(source.sellerRoom).toHaveBeenCalledTimes(2);
    // Room → seller never changes: looked up once.
    expect(source.roomSeller).toHaveBeenCalledTimes(1);
  });

  it('a settings change shows once the TTL has passed', async () => {
    let current = settings('v1', ['榴莲']);
    const { cache, advance } = setup({ sellerRoom: async () => noBans(current) });
    expect((await cache.get(room, 100)).settings.version).toBe('v1');
    current = settings('v2', []);
    advance(2_000);
    expect((await cache.get(room, 100)).settings.version).toBe('v1');
    advance(3_000);
    expect((await cache.get(room, 100)).settings.version).toBe('v2');
  });

  it('a seller who never saved settings gets the defaults', async () => {
    const { cache } = setup({ sellerRoom: async () => noBans(undefined) });
    expect(await cache.get(room, 100)).toEqual({ sellerId: 'zhang', settings: DEFAULT_ROOM_SETTINGS, bans: NO_BANS });
  });

  it('a room of no seller (a county room) gets the defaults, and is looked up again after the TTL', async () => {
    const { cache, source, advance } = setup({ roomSeller: async () => undefined });
    expect(await cache.get(room, 100)).toEqual({ settings: DEFAULT_ROOM_SETTINGS, bans: NO_BANS });
    expect(source.sellerRoom).not.toHaveBeenCalled();
    advance(5_000);
    await cache.get(room, 100);
    expect(source.roomSeller).toHaveBeenCalledTimes(2);
  });

  it('a hanging store times out: defaults now, no new call before the retry delay, then a retry', async () => {
    const { cache, source, failures, advance } = setup({ roomSeller: never });
    expect(await cache.get(room, 100)).toEqual({ settings: DEFAULT_ROOM_SETTINGS, bans: NO_BANS });
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
      sellerRoom: async () => {
        if (fail) throw new Error('ProvisionedThroughputExceeded');
        return noBans(settings('v1'));
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
    const { cache, source } = setup({ sellerRoom: never });
    const results = await Promise.all([cache.get(room, 5), cache.get(room, 5)]);
    expect(results.map((r) => r.settings)).toEqual([DEFAULT_ROOM_SETTINGS, DEFAULT_ROOM_SETTINGS]);
    expect(source.sellerRoom).toHaveBeenCalledTimes(1);
  });

  it('peek answers from what is cached, without calling the store', async () => {
    const { cache, source } = setup({});
    expect(cache.peek(room)).toEqual({ settings: DEFAULT_ROOM_SETTINGS, bans: NO_BANS });
    await cache.get(room, 100);
    expect(cache.peek(room)).toEqual({ sellerId: 'zhang', settings: settings('v1'), bans: NO_BANS });
    expect(source.roomSeller).toHaveBeenCalledTimes(1);
  });

  it("loads the room's bans with its settings, and a new ban shows once the TTL has passed", async () => {
    let bans: SellerRoom['bans'] = new Map([['troll', null]]);
    const { cache, source, advance } = setup({ sellerRoom: async () => ({ settings: settings('v1'), bans }) });
    expect((await cache.get(room, 100)).bans).toEqual(new Map([['troll', null]]));
    bans = new Map([['troll', null], ['spammer', 1_500_000]]);
    advance(4_999);
    expect((await cache.get(room, 100)).bans.has('spammer')).toBe(false);
    advance(1);
    expect((await cache.get(room, 100)).bans).toEqual(new Map([['troll', null], ['spammer', 1_500_000]]));
    expect(source.sellerRoom).toHaveBeenCalledTimes(2);
  });

  it('a failing reload keeps the last known bans (fail open never forgets a ban it knew)', async () => {
    let fail = false;
    const { cache, advance } = setup({
      sellerRoom: async () => {
        if (fail) throw new Error('ProvisionedThroughputExceeded');
        return { settings: settings('v1'), bans: new Map([['troll', null]]) };
      },
    });
    await cache.get(room, 100);
    fail = true;
    advance(5_000);
    expect((await cache.get(room, 100)).bans.has('troll')).toBe(true);
    expect(cache.peek(room).bans.has('troll')).toBe(true);
  });

  it('holds rooms within its byte bound: the least recently used room is dropped (and read again when it returns)', async () => {
    const bigList = Array.from({ length: 1000 }, (_, i) => `${'长'.repeat(45)}${i}`);
    const { cache, source } = setup({ sellerRoom: async () => noBans(settings('big', bigList)) }, { maxBytes: 1024 * 1024 });
    const rooms = Array.from({ length: 20 }, (_, i) => `${room}-${i}`);
    for (const each of rooms) await cache.get(each, 100);
    expect(source.sellerRoom).toHaveBeenCalledTimes(20);
    await cache.get(rooms[19]!, 100);
    expect(source.sellerRoom).toHaveBeenCalledTimes(20);
    await cache.get(rooms[0]!, 100);
    expect(source.sellerRoom).toHaveBeenCalledTimes(21);
  });
});
