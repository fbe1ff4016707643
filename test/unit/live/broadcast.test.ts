import { describe, expect, it } from 'vitest';
import { nextBroadcast, pendingAnnouncement } from '../../../lambdas/catalog/domain/broadcast';

const live = (at: string) => ({ live: true, at, startedAt: at });
const offline = (at: string) => ({ live: false, at, startedAt: null });
let n = 0;
const newId = () => `B${++n}`;

describe('broadcasts (the go-live decision)', () => {
  it('a first Start begins a broadcast, still to be announced', () => {
    const state = nextBroadcast(undefined, live('2026-06-01T08:00:00.000Z'), () => 'B1');
    expect(state).toMatchObject({ broadcastId: 'B1', broadcastStartedAt: '2026-06-01T08:00:00.000Z' });
    expect(pendingAnnouncement({ live: true, ...state })).toBe(true);
  });

  it('a restart within 10 minutes of the End continues the broadcast; after 10 minutes it is a new one', () => {
    const stored = { live: false, broadcastId: 'B1', broadcastStartedAt: '2026-06-01T08:00:00.000Z', lastEndedAt: '2026-06-01T08:30:00.000Z', announcedBroadcastId: 'B1' };
    expect(nextBroadcast(stored, live('2026-06-01T08:40:00.000Z'), newId)).toMatchObject({ broadcastId: 'B1' });
    const later = nextBroadcast(stored, live('2026-06-01T08:40:01.000Z'), () => 'B2');
    expect(later).toMatchObject({ broadcastId: 'B2', announcedBroadcastId: 'B1' });
    expect(pendingAnnouncement({ live: true, ...later })).toBe(true);
  });

  it('an End records when it ended only on the live → offline change', () => {
    const liveState = { live: true, broadcastId: 'B1', broadcastStartedAt: 'x', announcedBroadcastId: 'B1' };
    const ended = nextBroadcast(liveState, offline('2026-06-01T08:30:00.000Z'), newId);
    expect(ended.lastEndedAt).toBe('2026-06-01T08:30:00.000Z');
    expect(nextBroadcast({ live: false, ...ended }, offline('2026-06-01T08:35:00.000Z'), newId).lastEndedAt).toBe('2026-06-01T08:30:00.000Z');
  });

  it('while live, any observation keeps the broadcast (reconcile, redelivery)', () => {
    const liveState = { live: true, broadcastId: 'B1', broadcastStartedAt: 'x', announcedBroadcastId: 'B1' };
    expect(nextBroadcast(liveState, live('2026-06-01T12:00:00.000Z'), newId).broadcastId).toBe('B1');
    expect(pendingAnnouncement(liveState)).toBe(false);
  });
});
