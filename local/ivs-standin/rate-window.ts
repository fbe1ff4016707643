import type { StandInClock } from './clock';

/** Admits at most `limit` calls per key in any sliding window of `windowMs`. */
export class RateWindow {
  private readonly admitted = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly clock: Pick<StandInClock, 'now'>,
  ) {}

  tryAdmit(key: string): boolean {
    const now = this.clock.now();
    const recent = (this.admitted.get(key) ?? []).filter((at) => now - at < this.windowMs);
    if (recent.length >= this.limit) {
      this.admitted.set(key, recent);
      return false;
    }
    recent.push(now);
    this.admitted.set(key, recent);
    return true;
  }
}
