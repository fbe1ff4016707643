/**
 * How a DynamoDB failure should be handled, from its error name and, for a cancelled transaction, the
 * per-item cancellation reasons (aligned with the TransactItems that were sent).
 */
export type WriteFailure =
  | { kind: 'conditionFailed'; failedItems: number[] }
  | { kind: 'contention' }
  | { kind: 'throttled' };

const throttlingNames = new Set(['ProvisionedThroughputExceededException', 'ThrottlingException', 'RequestLimitExceeded']);
const throttlingCodes = new Set(['ProvisionedThroughputExceeded', 'ThrottlingError', 'RequestLimitExceeded']);

/** The code of one cancellation reason ('None' for an item that passed). */
const reasonCode = (reason: unknown) =>
  typeof reason === 'object' && reason !== null && 'Code' in reason && typeof reason.Code === 'string' ? reason.Code : 'None';

export function classifyWriteError(error: unknown): WriteFailure | undefined {
  if (!(error instanceof Error)) return undefined;
  if (error.name === 'ConditionalCheckFailedException') return { kind: 'conditionFailed', failedItems: [0] };
  if (error.name === 'TransactionConflictException' || error.name === 'TransactionInProgressException') return { kind: 'contention' };
  if (throttlingNames.has(error.name)) return { kind: 'throttled' };
  if (error.name !== 'TransactionCanceledException') return undefined;
  const listed: unknown = 'CancellationReasons' in error ? error.CancellationReasons : undefined;
  const reasons = (Array.isArray(listed) ? listed : []).map((reason: unknown) => reasonCode(reason));
  const failedItems = reasons.flatMap((code, index) => (code === 'ConditionalCheckFailed' ? [index] : []));
  if (failedItems.length) return { kind: 'conditionFailed', failedItems };
  if (reasons.includes('TransactionConflict')) return { kind: 'contention' };
  if (reasons.some((code) => throttlingCodes.has(code))) return { kind: 'throttled' };
  return undefined;
}
