/**
 * Time as the stand-in's rate limits and review deadline see it. Real by default; tests pass a clock
 * they step by hand, so that "after 200 ms" or "a second later" never depends on how busy the machine is.
 */
export interface StandInClock {
  /** Milliseconds on a monotonic scale (only differences matter). */
  now(): number;
  /** Calls `callback` once after `delayMs`; the returned function cancels it. */
  schedule(callback: () => void, delayMs: number): () => void;
}

export const systemClock: StandInClock = {
  now: () => performance.now(),
  schedule: (callback, delayMs) => {
    const timer = setTimeout(callback, delayMs);
    return () => clearTimeout(timer);
  },
};
