import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import { repoRoot } from './paths';

export type LambdaHandler = (event: unknown, context: Context) => Promise<unknown>;

const loaded = new Map<string, Promise<LambdaHandler>>();

/** Loads a handler module the way Lambda would: once, on first use, then reused ("warm"). */
export function loadHandler(entry: string, exportName = 'handler'): Promise<LambdaHandler> {
  const key = `${entry}#${exportName}`;
  let handler = loaded.get(key);
  if (!handler) {
    handler = import(pathToFileURL(join(repoRoot, entry)).href).then((module: Record<string, unknown>) => {
      const fn = module[exportName];
      if (typeof fn !== 'function') throw new Error(`${entry} does not export ${exportName}`);
      return fn as LambdaHandler;
    });
    loaded.set(key, handler);
  }
  return handler;
}
