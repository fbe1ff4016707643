import { describe, expect, it } from 'vitest';
import { observationFromEvent, observationFromStream, stateVersion, supersedes } from '../../../lambdas/catalog/domain/live-status';

const event = (name: string, time: string, streamId = 'st-1') => ({ time, detail: { event_name: name, stream_id: streamId } });

describe('live status ordering', () => {
  it('reads Stream Start / Stream End events, and nothing else', () => {
    expect(observationFromEvent(event('Stream Start', '2026-06-01T08:00:00Z'))).toEqual({
      live: true,
      at: '2026-06-01T08:00:00.000Z',
      streamId: 'st-1',
      startedAt: '2026-06-01T08:00:00.000Z',
      source: 'event',
    });
    expect(observationFromEvent(event('Stream End', '2026-06-01T08:30:00Z'))).toMatchObject({ live: false, startedAt: null });
    expect(observationFromEvent(event('Stream Failure', '2026-06-01T08:30:00Z'))).toBeUndefined();
  });

  it('a newer observation supersedes an older one, never the reverse', () => {
    const start = stateVersion(observationFromEvent(event('Stream Start', '2026-06-01T08:00:00Z'))!);
    const end = stateVersion(observationFromEvent(event('Stream End', '2026-06-01T08:30:00Z'))!);
    expect(supersedes(end, start)).toBe(true);
    expect(supersedes(start, end)).toBe(false);
    expect(supersedes(start, undefined)).toBe(true);
  });

  it('a repeated event is not newer than itself', () => {
    const start = stateVersion(observationFromEvent(event('Stream Start', '2026-06-01T08:00:00Z'))!);
    expect(supersedes(start, start)).toBe(false);
  });

  it('within one EventBridge second, the End wins over its Start', () => {
    const start = stateVersion(observationFromEvent(event('Stream Start', '2026-06-01T08:00:00Z'))!);
    const end = stateVersion(observationFromEvent(event('Stream End', '2026-06-01T08:00:00Z'))!);
    expect(supersedes(end, start)).toBe(true);
    expect(supersedes(start, end)).toBe(false);
  });

  it('GetStream answers, stamped when asked, supersede events from before', () => {
    const asked = new Date('2026-06-01T08:00:00.250Z');
    const live = observationFromStream({ streamId: 'st-2', startTime: new Date('2026-06-01T07:59:58Z'), state: 'LIVE' }, asked);
    expect(live).toEqual({ live: true, at: '2026-06-01T08:00:00.250Z', streamId: 'st-2', startedAt: '2026-06-01T07:59:58.000Z', source: 'get-stream' });
    const offline = observationFromStream(undefined, asked);
    expect(offline).toMatchObject({ live: false, startedAt: null });
    const eventInSameSecond = stateVersion(observationFromEvent(event('Stream End', '2026-06-01T08:00:00Z'))!);
    expect(supersedes(stateVersion(live), eventInSameSecond)).toBe(true);
  });
});
