import { describe, expect, it } from 'vitest';
import { TtlCache } from '../../../lambdas/core/ttl-cache';

describe('TtlCache', () => {
  it('shares one load per key and keeps at most `max` keys', async () => {
    const cache = new TtlCache<number>(60_000, 2);
    let loads = 0;
    const load = async () => ++loads;
    expect(await Promise.all([cache.get('a', load), cache.get('a', load)])).toEqual([1, 1]);
    await cache.get('b', load);
    await cache.get('c', load);
    expect(await cache.get('a', load)).toBe(4);
  });

  it('forgets a failed load', async () => {
    const cache = new TtlCache<number>(60_000);
    await expect(cache.get('a', () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(await cache.get('a', async () => 7)).toBe(7);
  });

  it('caches nothing with a ttl of 0', async () => {
    const cache = new TtlCache<number>(0);
    let loads = 0;
    await cache.get('a', async () => ++loads);
    expect(await cache.get('a', async () => ++loads)).toBe(2);
  });
});
