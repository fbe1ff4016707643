import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LocalFunctions, type FunctionSpec } from '../../local/functions/local-functions';

/** The local runtime's functions, run as Lambda runs them: one module graph per instance, per function. */

const counterA: FunctionSpec = { id: 'counterA', entry: 'test/fixtures/functions/counter.ts', timeoutSeconds: 7 };
const counterB: FunctionSpec = { id: 'counterB', entry: 'test/fixtures/functions/counter.ts' };
const failing: FunctionSpec = { id: 'failing', entry: 'test/fixtures/functions/failing.ts' };
const brokenInit: FunctionSpec = { id: 'brokenInit', entry: 'test/fixtures/functions/broken-init.ts' };

interface CounterResult {
  instanceId: string;
  invocations: number;
  functionName: string;
  awsRequestId: string;
  remainingTimeMs: number;
  lambdaFunctionName?: string;
  fixtureSetting?: string;
  seenBefore?: string;
}

const running: LocalFunctions[] = [];
const localFunctions = (maxInstancesPerFunction?: number) => {
  const functions = new LocalFunctions({ environment: () => ({ FIXTURE_SETTING: 'from the runtime' }), maxInstancesPerFunction });
  running.push(functions);
  return functions;
};
afterEach(async () => {
  await Promise.all(running.splice(0).map((functions) => functions.stop()));
});

const count = async (functions: LocalFunctions, spec: FunctionSpec, event: object = {}) => (await functions.invoke(spec, event)) as CounterResult;

/** This process's threads started for function instances (Linux names a worker's thread after it). */
const instanceThreads = () =>
  readdirSync('/proc/self/task')
    .map((tid) => readFileSync(`/proc/self/task/${tid}/comm`, 'utf8').trim())
    .filter((name) => name.startsWith('fn:'));

describe('local functions', () => {
  it('two functions never share module state, and each stays warm between its own invocations', async () => {
    const functions = localFunctions();
    const first = await count(functions, counterA);
    const second = await count(functions, counterA);
    const other = await count(functions, counterB);

    expect(second).toMatchObject({ instanceId: first.instanceId, invocations: 2 });
    expect(other.instanceId).not.toBe(first.instanceId);
    expect(other.invocations).toBe(1);
  });

  it('each function gets its own process.env and a Lambda context with its name and timeout', async () => {
    const functions = localFunctions();
    const a = await count(functions, counterA);
    const b = await count(functions, counterB);

    expect(a).toMatchObject({ functionName: 'counterA', lambdaFunctionName: 'counterA', fixtureSetting: 'from the runtime' });
    expect(a.remainingTimeMs).toBeGreaterThan(0);
    expect(a.remainingTimeMs).toBeLessThanOrEqual(7_000);
    expect(b).toMatchObject({ functionName: 'counterB', lambdaFunctionName: 'counterB' });
    expect(b.awsRequestId).not.toBe(a.awsRequestId);
    // counterA wrote process.env in its instance: neither counterB nor this process sees it.
    expect(b.seenBefore).toBeUndefined();
    expect((await count(functions, counterA)).seenBefore).toBe('counterA');
    expect(process.env.COUNTER_LAST_CALLER).toBeUndefined();
  });

  it("a handler's error reaches the caller with its name, message, stack, fields and cause; the instance stays warm", async () => {
    const functions = localFunctions();
    const error: unknown = await functions.invoke(failing, { productId: 'p-1' }).catch((thrown: unknown) => thrown);

    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ name: 'StockExhaustedError', message: 'No stock left for p-1', productId: 'p-1', $metadata: { httpStatusCode: 400 } });
    expect((error as Error).stack).toContain('failing.ts');
    expect((error as Error).cause).toMatchObject({ name: 'RangeError', message: 'stock would go below 0' });

    const before = await count(functions, counterA);
    await expect(count(functions, counterA, { notCloneable: () => undefined })).rejects.toThrow(/could not be cloned/);
    expect(await count(functions, counterA)).toMatchObject({ instanceId: before.instanceId, invocations: 2 });
  });

  it('an init error fails the invocation, and is not remembered: the next event starts a new instance', async () => {
    const functions = localFunctions();
    await expect(functions.invoke(brokenInit, {})).rejects.toThrow('Invalid environment: FIXTURE_TABLE is required');
    await expect(functions.invoke(brokenInit, {})).rejects.toThrow('Invalid environment: FIXTURE_TABLE is required');
  });

  it('a runtime that exits fails its invocation; the next event gets a fresh instance', async () => {
    const functions = localFunctions();
    const before = await count(functions, counterA);
    await expect(count(functions, counterA, { exitCode: 3 })).rejects.toThrow(/exited \(code 3\)/);
    const after = await count(functions, counterA);
    expect(after.instanceId).not.toBe(before.instanceId);
    expect(after.invocations).toBe(1);
  });

  it('concurrent events run in separate instances, up to the cap; past it they wait for a free one', async () => {
    const functions = localFunctions(3);
    const gate = new SharedArrayBuffer(8);
    const [arrived, open] = [0, 1];
    const view = new Int32Array(gate);
    const results = Promise.all(Array.from({ length: 6 }, () => count(functions, counterA, { gate })));

    // Three instances each hold an event; the other three events wait for them.
    await vi.waitFor(() => expect(Atomics.load(view, arrived)).toBe(3), { timeout: 60_000, interval: 50 });
    Atomics.store(view, open, 1);
    Atomics.notify(view, open);

    const instances = new Set((await results).map((result) => result.instanceId));
    expect(instances.size).toBe(3);
  });

  it.runIf(existsSync('/proc/self/task'))('stop() ends every instance thread and refuses later invocations', async () => {
    const functions = localFunctions();
    await count(functions, counterA);
    await count(functions, counterB);
    expect(instanceThreads()).toEqual(expect.arrayContaining(['fn:counterA#1', 'fn:counterB#1']));

    await functions.stop();
    expect(instanceThreads()).toEqual([]);
    await expect(count(functions, counterA)).rejects.toThrow(/stopped/);
  });
});
