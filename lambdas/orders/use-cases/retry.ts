import type { Runtime } from './ports';

/** Full-jitter exponential backoff: a random wait below min(cap, base·2^attempt). */
export function backoff(runtime: Runtime, attempt: number, baseMs = 5, capMs = 100): Promise<void> {
  return runtime.sleep(Math.floor(runtime.random() * Math.min(capMs, baseMs * 2 ** Math.min(attempt, 10))));
}

/** Transaction conflicts clear up as soon as the other writer commits; throttling needs a longer pause. */
export const MAX_CONTENTION_ATTEMPTS = 30;
export const MAX_THROTTLED_ATTEMPTS = 4;
