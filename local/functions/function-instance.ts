import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { InvocationContext } from '../lambda-context';
import { deserialiseError, type InstanceData, type InstanceReply, type InstanceRequest } from './protocol';

const instanceThread = new URL('./instance-thread.ts', import.meta.url);
// The thread loads TypeScript as `npm start` does, through tsx's loader. Named explicitly rather than
// inherited from process.execArgv: under vitest the runtime is started in vitest's own process, which
// has no tsx, and under `tsx` the inherited flags would register it twice.
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

export interface FunctionInstanceOptions {
  /** Shows in thread listings (`/proc/<pid>/task/<tid>/comm`, at most 15 characters there). */
  readonly threadName: string;
  readonly moduleUrl: string;
  readonly handlerName: string;
  /** The instance's process.env: its own copy, as each Lambda execution environment has. */
  readonly env: Readonly<Record<string, string>>;
  readonly onExit: (instance: FunctionInstance) => void;
}

/**
 * One execution environment of a function: a worker thread with its own module graph. `ready` settles
 * when init (importing the handler module) is done; after that it takes one invocation at a time.
 */
export class FunctionInstance {
  readonly ready: Promise<void>;
  private readonly worker: Worker;
  private pending: Pending | undefined;
  private exited = false;

  constructor(options: FunctionInstanceOptions) {
    const workerData: InstanceData = { moduleUrl: options.moduleUrl, handlerName: options.handlerName };
    this.worker = new Worker(instanceThread, { name: options.threadName, workerData, env: { ...options.env }, execArgv: ['--import', tsxLoader] });
    this.ready = new Promise((resolve, reject) => {
      this.pending = { resolve: () => resolve(), reject };
    });
    this.worker.on('message', (reply: InstanceReply) => {
      if (reply.kind === 'ready' || reply.kind === 'returned') this.settle()?.resolve(reply.kind === 'returned' ? reply.value : undefined);
      else {
        this.settle()?.reject(deserialiseError(reply.error));
        // A failed init leaves nothing to invoke; Lambda starts a new environment for the next event.
        if (reply.kind === 'init-failed') void this.terminate();
      }
    });
    // An uncaught exception or unhandled rejection in the thread ends it, as it ends a Lambda runtime.
    this.worker.on('error', (error) => {
      const pending = this.settle();
      if (pending) pending.reject(error);
      else console.error(`[functions] ${options.threadName} crashed between invocations`, error);
    });
    this.worker.on('exit', (code) => {
      this.exited = true;
      this.settle()?.reject(new Error(`The function's runtime exited (code ${code}) before it answered`));
      options.onExit(this);
    });
  }

  get alive(): boolean {
    return !this.exited;
  }

  invoke(event: unknown, context: InvocationContext): Promise<unknown> {
    if (this.exited) return Promise.reject(new Error('This function instance has exited'));
    if (this.pending) return Promise.reject(new Error('A function instance runs one invocation at a time'));
    return new Promise((resolve, reject) => {
      const request: InstanceRequest = { event, context };
      this.pending = { resolve, reject };
      try {
        this.worker.postMessage(request);
      } catch (error) {
        // An event that cannot be cloned (a function, a socket…) never reaches the instance.
        this.pending = undefined;
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
  }

  async terminate(): Promise<void> {
    if (!this.exited) await this.worker.terminate();
  }

  private settle(): Pending | undefined {
    const pending = this.pending;
    this.pending = undefined;
    return pending;
  }
}
