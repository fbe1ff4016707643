import { describe, expect, it } from 'vitest';
import { isBanActive, newBan } from '../../../lambdas/chat/domain/bans';

const now = new Date('2026-06-01T08:00:00.000Z');

describe('newBan', () => {
  it('a ban without a duration is permanent and has no TTL', () => {
    const { ban, expiresAt } = newBan('buyer-1', {}, now);
    expect(ban).toEqual({ userId: 'buyer-1', until: null, reason: null, createdAt: now.toISOString() });
    expect(expiresAt).toBeUndefined();
  });

  it('a timed ban ends after its duration, and its TTL is that moment in epoch seconds', () => {
    const { ban, expiresAt } = newBan('buyer-1', { durationSeconds: 600, reason: '刷屏' }, now);
    expect(ban.until).toBe('2026-06-01T08:10:00.000Z');
    expect(ban.reason).toBe('刷屏');
    expect(expiresAt).toBe(Date.parse('2026-06-01T08:10:00.000Z') / 1000);
  });
});

describe('isBanActive', () => {
  const at = (iso: string) => new Date(iso);

  it('no ban item: not banned', () => {
    expect(isBanActive(undefined, now)).toBe(false);
  });

  it('a permanent ban stays active', () => {
    expect(isBanActive({ until: null }, at('2030-01-01T00:00:00Z'))).toBe(true);
  });

  it('a timed ban is active until its end, and an expired one that TTL has not deleted yet is not', () => {
    const ban = { until: '2026-06-01T08:10:00.000Z' };
    expect(isBanActive(ban, at('2026-06-01T08:09:59.999Z'))).toBe(true);
    expect(isBanActive(ban, at('2026-06-01T08:10:00.000Z'))).toBe(false);
    expect(isBanActive(ban, at('2026-06-03T00:00:00.000Z'))).toBe(false);
  });
});
