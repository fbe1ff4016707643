export type Bounded<T> = { ok: true; value: T } | { ok: false; cause: 'timeout' | 'error'; error?: unknown };

/**
 * Runs a call with a hard time limit: after `ms` the caller gets `timeout` and moves on, whether or not
 * the call honours the abort signal it is given. Never rejects.
 */
export function bounded<T>(call: (signal: AbortSignal) => Promise<T>, ms: number): Promise<Bounded<T>> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<Bounded<T>>((resolve) => {
    timer = setTimeout(() => {
      controller.abort();
      resolve({ ok: false, cause: 'timeout' });
    }, Math.max(0, ms));
  });
  const attempt = (async (): Promise<Bounded<T>> => {
    try {
      return { ok: true, value: await call(controller.signal) };
    } catch (error) {
      return { ok: false, cause: controller.signal.aborted ? 'timeout' : 'error', error };
    }
  })();
  return Promise.race([attempt, timeout]).finally(() => clearTimeout(timer));
}
