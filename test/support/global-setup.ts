import type { TestProject } from 'vitest/node';
import { startLocalRuntime, type LocalRuntime } from '../../local/runtime';

declare module 'vitest' {
  export interface ProvidedContext {
    localRuntime: { url: string; env: Record<string, string>; issuerJwk: Record<string, unknown> };
  }
}

let runtime: LocalRuntime | undefined;

/** One local runtime (emulators + gateway) for the whole run, stopped with every child process at the end. */
export async function setup(project: TestProject) {
  runtime = await startLocalRuntime({ inMemory: true, port: 0 });
  project.provide('localRuntime', {
    url: runtime.url,
    env: { ...runtime.env },
    issuerJwk: runtime.issuer.privateJwk as Record<string, unknown>,
  });
}

export async function teardown() {
  await runtime?.stop();
}
