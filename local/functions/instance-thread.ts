import { parentPort, workerData } from 'node:worker_threads';
import type { Context } from 'aws-lambda';
import { contextOf } from '../lambda-context';
import { serialiseError, type InstanceData, type InstanceReply, type InstanceRequest } from './protocol';

/**
 * One function instance (an "execution environment"), run in its own worker thread by
 * function-instance.ts: imports the handler module once (init), then runs the invocations it is sent,
 * one at a time. Everything the module keeps at module scope stays in this thread.
 */

type Handler = (event: unknown, context: Context) => unknown;
const isHandler = (value: unknown): value is Handler => typeof value === 'function';

const port = parentPort;
if (!port) throw new Error('instance-thread.ts runs in a worker thread started by function-instance.ts');
const reply = (message: InstanceReply) => port.postMessage(message);
const { moduleUrl, handlerName }: InstanceData = workerData;

let handler: Handler | undefined;
try {
  const module: Record<string, unknown> = await import(moduleUrl);
  const exported = module[handlerName];
  if (!isHandler(exported)) throw new Error(`${moduleUrl} does not export a function named ${handlerName}`);
  handler = exported;
} catch (error) {
  reply({ kind: 'init-failed', error: serialiseError(error) });
}

if (handler) {
  const run = handler;
  port.on('message', async ({ event, context }: InstanceRequest) => {
    try {
      // postMessage is inside the try: a result that cannot be cloned fails the invocation, as a result
      // Lambda cannot serialise does.
      reply({ kind: 'returned', value: await run(event, contextOf(context)) });
    } catch (error) {
      reply({ kind: 'threw', error: serialiseError(error) });
    }
  });
  reply({ kind: 'ready' });
}
