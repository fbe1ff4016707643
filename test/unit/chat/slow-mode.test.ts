import { describe, expect, it } from 'vitest';
import { slowModeAllows, slowModeApplies, slowModeClaim } from '../../../lambdas/chat/domain/slow-mode';

describe('slowModeClaim', () => {
  const now = Date.parse('2026-06-01T08:00:00.000Z');

  it('records this message and accepts it only if the previous one is at least the window old', () => {
    const claim = slowModeClaim(now, 30);
    expect(claim.lastMessageAt).toBe(now);
    expect(claim.previousAtMost).toBe(now - 30_000);
  });

  it('expires the marker a minute after the window, in epoch seconds', () => {
    expect(slowModeClaim(now, 30).expiresAt).toBe(now / 1000 + 30 + 60);
    expect(slowModeClaim(now + 1, 30).expiresAt).toBe(now / 1000 + 1 + 30 + 60);
  });
});

describe('slowModeAllows', () => {
  it('denies only a definite "too soon"; a store that did not answer fails open', () => {
    expect(slowModeAllows('claimed')).toBe(true);
    expect(slowModeAllows('unknown')).toBe(true);
    expect(slowModeAllows('too-soon')).toBe(false);
  });
});

describe('slowModeApplies', () => {
  it('only when slow mode is on', () => {
    expect(slowModeApplies(0, 'buyer', 'zhang')).toBe(false);
    expect(slowModeApplies(10, 'buyer', 'zhang')).toBe(true);
  });

  it('never to the room\'s own seller', () => {
    expect(slowModeApplies(10, 'zhang', 'zhang')).toBe(false);
  });

  it('needs a sender to attribute the message to', () => {
    expect(slowModeApplies(10, undefined, 'zhang')).toBe(false);
    expect(slowModeApplies(10, 'buyer', undefined)).toBe(true);
  });
});
