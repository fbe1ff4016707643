import { describe, expect, it } from 'vitest';
import { createModeratorCache, getModerator } from '../../../lambdas/chat/moderation/moderator-cache';
import type { ModerationSettings } from '../../../lambdas/chat/moderation/moderator';

function settings(version: string, blockedTerms: readonly string[] = ['便宜点']): ModerationSettings {
  return { blockedTerms, maskContacts: true, version };
}

describe('createModeratorCache', () => {
  it('reuses the compiled moderator for the same version, even from reloaded settings', () => {
    const cache = createModeratorCache();
    const first = cache.get(settings('v1'));
    expect(cache.get(settings('v1'))).toBe(first);
    expect(cache.size).toBe(1);
  });

  it('compiles again for a new version', () => {
    const cache = createModeratorCache();
    const first = cache.get(settings('v1'));
    const second = cache.get(settings('v2', ['贵']));
    expect(second).not.toBe(first);
    expect(second.version).toBe('v2');
    expect(second.review('太贵了').result).toBe('DENY');
  });

  it('never serves another room\'s terms when two rooms share a version string', () => {
    const cache = createModeratorCache();
    expect(cache.get(settings('1', ['apple'])).review('apple pie').result).toBe('DENY');
    expect(cache.get(settings('1', ['pear'])).review('apple pie').result).toBe('ALLOW');
    expect(cache.get({ ...settings('1', ['pear']), maskContacts: false }).review('13812345678').result).toBe('DENY');
  });

  it('evicts the least recently used version beyond its capacity', () => {
    const cache = createModeratorCache(2);
    const a = cache.get(settings('a'));
    cache.get(settings('b'));
    cache.get(settings('a'));
    cache.get(settings('c'));
    expect(cache.size).toBe(2);
    expect(cache.get(settings('a'))).toBe(a);
    const b = cache.get(settings('b'));
    expect(cache.get(settings('b'))).toBe(b);
  });
});

describe('getModerator', () => {
  it('shares one cache across calls', () => {
    expect(getModerator(settings('shared-v1'))).toBe(getModerator(settings('shared-v1')));
  });
});
