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
  // Tests check what the chat review decides, not whether a busy machine answers within IVS's 200 ms.
  process.env.LOCAL_CHAT_REVIEW_TIMEOUT_MS ??= '10000';
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
