import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import { localAccountId, localRegion } from './emulators/local-aws';

/** The data of a Lambda context: what crosses into a function's worker thread (functions do not). */
export interface InvocationContext {
  readonly functionName: string;
  readonly memoryLimitInMB: string;
  readonly awsRequestId: string;
  /** Epoch milliseconds at which the function's timeout ends. */
  readonly deadline: number;
}

/** A new invocation of `functionName`, its timeout counted from now. */
export function invocationContext(functionName: string, timeoutSeconds = 29, memoryMb = 256): InvocationContext {
  return { functionName, memoryLimitInMB: String(memoryMb), awsRequestId: randomUUID(), deadline: Date.now() + timeoutSeconds * 1000 };
}

/** The Context object a handler receives for `invocation`. */
export function contextOf(invocation: InvocationContext): Context {
  const { functionName, memoryLimitInMB, awsRequestId, deadline } = invocation;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${localRegion}:${localAccountId}:function:${functionName}`,
    memoryLimitInMB,
    awsRequestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/** A Lambda context as the runtime would hand it to `functionName`. */
export function lambdaContext(functionName: string, timeoutSeconds = 29): Context {
  return contextOf(invocationContext(functionName, timeoutSeconds));
}
