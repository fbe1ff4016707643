import { z } from 'zod';
import { batchGet as batchGetItems, type TableKey } from '../../core/aws/batch-get';
import { documentClient } from '../../core/aws/dynamodb';
import { readEnv } from '../../core/env';
import { tables } from '../../../lib/topology';

const env = readEnv({ [tables.catalog.envName]: z.string().min(1) });
export const catalogTable: string = env[tables.catalog.envName];
export const db = documentClient;

/** The item's key attributes, for cursors (table key plus, on an index, that index's key). */
export const keyOf = (item: Record<string, unknown>, attributes: readonly string[]) =>
  Object.fromEntries(attributes.map((name) => [name, item[name]]));

/** Cancellation reason codes of a failed TransactWriteItems (one per item, 'None' for items that passed). */
export function cancellationCodes(error: unknown): string[] | undefined {
  if (!(error instanceof Error) || error.name !== 'TransactionCanceledException') return undefined;
  const reasons: unknown = 'CancellationReasons' in error ? error.CancellationReasons : undefined;
  if (!Array.isArray(reasons)) return undefined;
  return reasons.map((reason: unknown) => (typeof reason === 'object' && reason !== null && 'Code' in reason && typeof reason.Code === 'string' ? reason.Code : 'None'));
}

export const isConditionalFailure = (error: unknown) => error instanceof Error && error.name === 'ConditionalCheckFailedException';

export interface UpdateParts {
  UpdateExpression: string;
  ExpressionAttributeNames: Record<string, string>;
  ExpressionAttributeValues: Record<string, unknown>;
}

/** SET/REMOVE expression with every name aliased (status, source… are reserved words). */
export function updateExpression(set: Record<string, unknown>, remove: readonly string[] = []): UpdateParts {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const sets = Object.entries(set).map(([name, value], i) => {
    names[`#s${i}`] = name;
    values[`:s${i}`] = value;
    return `#s${i} = :s${i}`;
  });
  const removes = remove.map((name, i) => {
    names[`#r${i}`] = name;
    return `#r${i}`;
  });
  const clauses = [sets.length ? `SET ${sets.join(', ')}` : '', removes.length ? `REMOVE ${removes.join(', ')}` : ''].filter(Boolean);
  return { UpdateExpression: clauses.join(' '), ExpressionAttributeNames: names, ExpressionAttributeValues: values };
}

/** The catalog table's items for `keys` (see core/aws/batch-get.ts). */
export const batchGet = (keys: readonly TableKey[], consistent = false) => batchGetItems(catalogTable, keys, { consistent, client: db });
