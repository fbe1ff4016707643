import { isAbsolute, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { invocationContext } from '../lambda-context';
import { repoRoot } from '../paths';
import { FunctionInstance } from './function-instance';

/** A function as CDK declares it: routes, `liveStatusFunction`, `countySalesSchedule`… all fit. */
export interface FunctionSpec {
  /** The function's name; two specs with one id are one function. */
  readonly id: string;
  /** Handler module, relative to the repository root (or absolute). */
  readonly entry: string;
  readonly handlerName?: string;
  readonly timeoutSeconds?: number;
  readonly memoryMb?: number;
}

// BackendFunction's defaults (lib/constructs/backend-function.ts).
const DEFAULT_TIMEOUT_SECONDS = 10;
const DEFAULT_MEMORY_MB = 256;

/**
 * Up to this many instances per function. Lambda runs one event at a time per execution environment
 * and scales out with concurrent events; so does this, so that module-scope state (caches, clients,
 * counters) is per instance as deployed, and a burst (50 concurrent orders) still runs concurrently.
 * The cap keeps a burst from starting dozens of threads (each cold start imports the SDK, middy and
 * zod again) on a small machine: past it, events wait for the first free instance.
 */
export const DEFAULT_MAX_INSTANCES_PER_FUNCTION = 4;

type InitializationType = 'on-demand' | 'provisioned-concurrency';

export interface LocalFunctionsOptions {
  /** What every function's environment starts from (tables, queues, endpoints); read as an instance starts. */
  readonly environment: () => Readonly<Record<string, string | undefined>>;
  readonly maxInstancesPerFunction?: number;
}

interface Waiter {
  resolve(instance: FunctionInstance): void;
  reject(error: unknown): void;
}

const stoppedError = (id: string) => new Error(`${id}: the local runtime has stopped`);

/** The instances of one function: started lazily, kept warm, one event each at a time. */
class FunctionPool {
  private readonly instances = new Set<FunctionInstance>();
  private readonly idle: FunctionInstance[] = [];
  private readonly waiting: Waiter[] = [];
  private starting = 0;
  private started = 0;
  private stopped = false;

  constructor(
    readonly spec: FunctionSpec,
    private readonly environment: LocalFunctionsOptions['environment'],
    private readonly maxInstances: number,
  ) {}

  async invoke(event: unknown): Promise<unknown> {
    const instance = await this.acquire();
    try {
      const { id, timeoutSeconds = DEFAULT_TIMEOUT_SECONDS, memoryMb = DEFAULT_MEMORY_MB } = this.spec;
      // The timeout counts from the invocation, after any cold start, as on Lambda.
      return await instance.invoke(event, invocationContext(id, timeoutSeconds, memoryMb));
    } finally {
      this.release(instance);
    }
  }

  /** Like provisioned concurrency: instances initialised before traffic, their init told so. */
  async provision(count: number): Promise<void> {
    const instances = Array.from({ length: Math.max(0, Math.min(count, this.maxInstances - this.instances.size)) }, () => this.spawn('provisioned-concurrency'));
    await Promise.all(instances.map((instance) => instance.ready));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const waiter of this.waiting.splice(0)) waiter.reject(stoppedError(this.spec.id));
    await Promise.all([...this.instances].map((instance) => instance.terminate()));
  }

  private acquire(): Promise<FunctionInstance> {
    if (this.stopped) return Promise.reject(stoppedError(this.spec.id));
    const instance = this.idle.pop();
    if (instance) return Promise.resolve(instance);
    return new Promise((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      this.scaleOut();
    });
  }

  /** A new instance for each event that no instance, warm or starting, will take: up to the cap. */
  private scaleOut(): void {
    while (!this.stopped && this.waiting.length > this.starting && this.instances.size < this.maxInstances) this.spawn('on-demand');
  }

  private spawn(initializationType: InitializationType): FunctionInstance {
    const { id, entry, handlerName = 'handler', memoryMb = DEFAULT_MEMORY_MB } = this.spec;
    this.started += 1;
    const instance = new FunctionInstance({
      threadName: `fn:${id}#${this.started}`,
      moduleUrl: pathToFileURL(isAbsolute(entry) ? entry : join(repoRoot, entry)).href,
      handlerName,
      env: this.instanceEnvironment(initializationType, memoryMb),
      onExit: (exited) => this.forget(exited),
    });
    this.instances.add(instance);
    this.starting += 1;
    instance.ready.then(
      () => {
        this.starting -= 1;
        this.release(instance);
      },
      (error: unknown) => {
        this.starting -= 1;
        // The event that is next in line gets the init error, as the event behind a failed cold start does.
        this.waiting.shift()?.reject(error);
        this.scaleOut();
      },
    );
    return instance;
  }

  private instanceEnvironment(initializationType: InitializationType, memoryMb: number): Record<string, string> {
    const env: Record<string, string> = {};
    for (const [name, value] of Object.entries(this.environment())) if (value !== undefined) env[name] = value;
    // The variables Lambda sets in every execution environment that code may read.
    return {
      ...env,
      AWS_LAMBDA_FUNCTION_NAME: this.spec.id,
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(memoryMb),
      AWS_LAMBDA_INITIALIZATION_TYPE: initializationType,
    };
  }

  private release(instance: FunctionInstance): void {
    if (!instance.alive) return;
    const next = this.waiting.shift();
    if (next) next.resolve(instance);
    else this.idle.push(instance);
  }

  private forget(instance: FunctionInstance): void {
    this.instances.delete(instance);
    const index = this.idle.indexOf(instance);
    if (index >= 0) this.idle.splice(index, 1);
    this.scaleOut();
  }
}

/**
 * The functions of the local runtime, each run as Lambda runs it: its own instances (worker threads,
 * each with its own module graph and process.env), started on first use and kept warm, one event per
 * instance at a time. Events and results cross by structured clone; a handler's error reaches the
 * caller with its name, message, stack and fields.
 */
export class LocalFunctions {
  private readonly pools = new Map<string, FunctionPool>();
  private stopped = false;

  constructor(private readonly options: LocalFunctionsOptions) {}

  async invoke(spec: FunctionSpec, event: unknown): Promise<unknown> {
    return this.poolFor(spec).invoke(event);
  }

  /** Starts `instances` instances of `spec` now and waits for their init (provisioned concurrency). */
  async provision(spec: FunctionSpec, instances = 1): Promise<void> {
    return this.poolFor(spec).provision(instances);
  }

  /** Ends every instance; invocations still running fail, later ones are refused. */
  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all([...this.pools.values()].map((pool) => pool.stop()));
  }

  private poolFor(spec: FunctionSpec): FunctionPool {
    if (this.stopped) throw stoppedError(spec.id);
    const existing = this.pools.get(spec.id);
    if (existing && existing.spec.entry !== spec.entry) throw new Error(`Two functions are named ${spec.id}: ${existing.spec.entry} and ${spec.entry}`);
    if (existing) return existing;
    const pool = new FunctionPool(spec, this.options.environment, this.options.maxInstancesPerFunction ?? DEFAULT_MAX_INSTANCES_PER_FUNCTION);
    this.pools.set(spec.id, pool);
    return pool;
  }
}
