import { describe, expect, it } from 'vitest';
import { LOCAL_CLOCK_HEADER, localRequestTime, requestInstant } from '../../../lambdas/core/http/local-clock';

const NOW = Date.parse('2026-11-28T12:00:00.000Z');
const withHeader = (value: string) => ({ headers: { [LOCAL_CLOCK_HEADER]: value } });

describe('localRequestTime (seed-only clock)', () => {
  it('on the local runtime, a past instant in the header is the request time', () => {
    expect(localRequestTime(withHeader('2026-11-01T11:30:00Z'), 'local', NOW)).toBe('2026-11-01T11:30:00.000Z');
  });

  it.each(['dev', 'prod', 'test'])('is ignored on stage %s', (stage) => {
    expect(localRequestTime(withHeader('2026-11-01T11:30:00Z'), stage, NOW)).toBeUndefined();
  });

  it.each(['2026-12-01T00:00:00Z', 'yesterday', '2026-11-01T11:30:00+08:00', '2026-11-01'])('ignores %s (future, malformed or not UTC)', (value) => {
    expect(localRequestTime(withHeader(value), 'local', NOW)).toBeUndefined();
  });

  it('without the header there is no override', () => {
    expect(localRequestTime({ headers: {} }, 'local', NOW)).toBeUndefined();
  });
});

describe('requestInstant (what profile and product writes stamp)', () => {
  it('is the header instant on the local runtime, now elsewhere or without it', () => {
    expect(requestInstant(withHeader('2026-11-01T11:30:00Z'), 'local', NOW).toISOString()).toBe('2026-11-01T11:30:00.000Z');
    expect(requestInstant(withHeader('2026-11-01T11:30:00Z'), 'prod', NOW).getTime()).toBe(NOW);
    expect(requestInstant({ headers: {} }, 'local', NOW).getTime()).toBe(NOW);
  });
});
