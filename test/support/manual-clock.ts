import type { StandInClock } from '../../local/ivs-standin';

interface Scheduled {
  dueAt: number;
  delayMs: number;
  callback: () => void;
}

/** A clock that moves only when a test says so: timers fire inside `advance`, in due order. */
export class ManualClock implements StandInClock {
  private current = 0;
  private readonly scheduled = new Set<Scheduled>();

  now(): number {
    return this.current;
  }

  schedule(callback: () => void, delayMs: number): () => void {
    const entry: Scheduled = { dueAt: this.current + delayMs, delayMs, callback };
    this.scheduled.add(entry);
    return () => this.scheduled.delete(entry);
  }

  /** The delays of the timers still waiting, as they were armed. */
  pendingDelays(): number[] {
    return [...this.scheduled].map((entry) => entry.delayMs);
  }

  advance(ms: number): void {
    const target = this.current + ms;
    for (;;) {
      const due = [...this.scheduled].filter((entry) => entry.dueAt <= target).sort((a, b) => a.dueAt - b.dueAt)[0];
      if (!due) break;
      this.scheduled.delete(due);
      this.current = due.dueAt;
      due.callback();
    }
    this.current = target;
  }
}
