/**
 * Spaces calls at least `intervalMs` apart (IVS CreateChannel, CreateRoom and their Update/Delete allow
 * 5 TPS per account: 250 ms keeps one caller at 4/s and leaves room for the API's own calls).
 */
export interface PacerClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realClock: PacerClock = { now: () => Date.now(), sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)) };

export function createPacer(intervalMs: number, clock: PacerClock = realClock) {
  let next = 0;
  return async function paced<T>(call: () => Promise<T>): Promise<T> {
    const wait = next - clock.now();
    if (wait > 0) await clock.sleep(wait);
    next = clock.now() + intervalMs;
    return call();
  };
}
