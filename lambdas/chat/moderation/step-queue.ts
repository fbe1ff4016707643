/**
 * Background work in short steps, one step per event-loop turn, taken in turn from every pending job:
 * whatever is queued (one seller's compile or fifty), a chat message waits for at most one step.
 */
export interface StepQueue {
  /** `step` runs until done or until the given `performance.now()` instant; it returns true once done. */
  add(step: (until: number) => boolean): void;
  readonly pending: number;
}

/** What runs a queue turn later: `setImmediate` in Lambda (after the I/O of the current turn). */
export type Scheduler = (turn: () => void) => void;

const onNextTurn: Scheduler = (turn) => {
  // Unref'd: unfinished background work never keeps a process (a script, a test run) alive.
  setImmediate(turn).unref();
};

export interface StepQueueOptions {
  /** How long one step may run. */
  readonly stepMs: number;
  readonly schedule?: Scheduler;
  /** A step threw: its job is dropped (it must leave things usable without it). */
  readonly onError?: (error: unknown) => void;
}

export function createStepQueue(options: StepQueueOptions): StepQueue {
  const schedule = options.schedule ?? onNextTurn;
  const jobs: ((until: number) => boolean)[] = [];
  let scheduled = false;

  function turn(): void {
    scheduled = false;
    const job = jobs.shift();
    if (job === undefined) return;
    let done: boolean;
    try {
      done = job(performance.now() + options.stepMs);
    } catch (error) {
      done = true;
      options.onError?.(error);
    }
    if (!done) jobs.push(job);
    if (jobs.length > 0) next();
  }

  function next(): void {
    if (scheduled) return;
    scheduled = true;
    schedule(turn);
  }

  return {
    add(step) {
      jobs.push(step);
      next();
    },
    get pending() {
      return jobs.length;
    },
  };
}
