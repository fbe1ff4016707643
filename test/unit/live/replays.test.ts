import { describe, expect, it } from 'vitest';
import { pinsDuring, replayOf, replayPlaybackUrl } from '../../../lambdas/live/domain/replays';

describe('replays', () => {
  it('a replay lists the pins made during it, with their offset from its start', () => {
    const pins = [
      { productId: 'P0', productTitle: 'before', startsAt: '2026-06-01T07:59:59.500Z' },
      { productId: 'P2', productTitle: '大蒜', startsAt: '2026-06-01T08:10:30.900Z' },
      { productId: 'P1', productTitle: '西瓜', startsAt: '2026-06-01T08:00:05.000Z' },
      { productId: 'P3', productTitle: 'after', startsAt: '2026-06-01T08:30:01.000Z' },
    ];
    const replay = replayOf(
      { sellerId: 's', recordingSessionId: 'rec-1', keyPrefix: 'ivs/v1/1/ch/2026/6/1/8/0/rec-1', endedAt: '2026-06-01T08:30:00Z', durationMs: 30 * 60_000 },
      pins,
      'd1.cloudfront.net',
    );
    expect(replay).toEqual({
      replayId: 'rec-1',
      sellerId: 's',
      startedAt: '2026-06-01T08:00:00.000Z',
      endedAt: '2026-06-01T08:30:00.000Z',
      durationSeconds: 1800,
      playbackUrl: 'https://d1.cloudfront.net/ivs/v1/1/ch/2026/6/1/8/0/rec-1/media/hls/master.m3u8',
      pins: [
        { atSeconds: 5, productId: 'P1', title: '西瓜' },
        { atSeconds: 630, productId: 'P2', title: '大蒜' },
      ],
    });
  });

  it('the End event’s whole second counts as during the recording (EventBridge stamps seconds)', () => {
    expect(pinsDuring([{ productId: 'P', startsAt: '2026-06-01T08:30:00.400Z' }], '2026-06-01T08:00:00.000Z', '2026-06-01T08:30:00.999Z')).toHaveLength(1);
  });

  it('builds the HLS master playlist URL under the recording prefix', () => {
    expect(replayPlaybackUrl('d1.cloudfront.net', '/a/b/')).toBe('https://d1.cloudfront.net/a/b/media/hls/master.m3u8');
  });
});
