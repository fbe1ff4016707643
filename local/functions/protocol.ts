import type { InvocationContext } from '../lambda-context';

/** What the main thread hands a function instance's thread when it starts it. */
export interface InstanceData {
  /** file: URL of the handler module. */
  readonly moduleUrl: string;
  readonly handlerName: string;
}

/** One invocation; an instance is sent the next one only after it answered the last (as on Lambda). */
export interface InstanceRequest {
  readonly event: unknown;
  readonly context: InvocationContext;
}

export type InstanceReply =
  | { readonly kind: 'ready' }
  | { readonly kind: 'init-failed'; readonly error: SerialisedError }
  | { readonly kind: 'returned'; readonly value: unknown }
  | { readonly kind: 'threw'; readonly error: SerialisedError };

/**
 * An error as it crosses the thread boundary. Structured clone keeps only the built-in error types and
 * drops own properties, so a `ConditionalCheckFailedException` with its `$metadata` would arrive as a
 * bare `Error`; this keeps its name, stack and every cloneable field.
 */
export interface SerialisedError {
  readonly name: string;
  readonly message: string;
  readonly stack?: string;
  readonly fields: Readonly<Record<string, unknown>>;
  readonly cause?: SerialisedError;
}

const cloneable = (value: unknown): boolean => {
  try {
    structuredClone(value);
    return true;
  } catch {
    return false;
  }
};

export function serialiseError(thrown: unknown): SerialisedError {
  if (!(thrown instanceof Error)) return { name: 'Error', message: String(thrown), fields: {} };
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(thrown)) {
    if (key !== 'name' && key !== 'message' && key !== 'stack' && key !== 'cause' && cloneable(value)) fields[key] = value;
  }
  return {
    name: thrown.name,
    message: thrown.message,
    ...(thrown.stack === undefined ? {} : { stack: thrown.stack }),
    fields,
    ...(thrown.cause === undefined ? {} : { cause: serialiseError(thrown.cause) }),
  };
}

/** The error again, on the caller's side: same name, message, stack, fields and cause. */
export function deserialiseError(serialised: SerialisedError): Error {
  const error = new Error(serialised.message, serialised.cause ? { cause: deserialiseError(serialised.cause) } : undefined);
  Object.assign(error, serialised.fields);
  Object.defineProperty(error, 'name', { value: serialised.name, writable: true, configurable: true, enumerable: false });
  if (serialised.stack !== undefined) error.stack = serialised.stack;
  return error;
}
