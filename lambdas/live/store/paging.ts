import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { keyedList, type KeyedList } from '../../core/http/cursor';
import { db, liveTable } from './table';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

const KEY = ['pk', 'sk'] as const;
const lists = new Map<string, KeyedList>();
const listNamed = (name: string) => {
  const list = lists.get(name) ?? keyedList(`live:${name}`, KEY);
  lists.set(name, list);
  return list;
};

/**
 * One page of one partition of the live table, newest (highest sort key) first when `newestFirst`.
 * The cursor is signed for this list and this partition (core/http/cursor.ts): another user's, or
 * another list's, is a 400.
 */
export async function partitionPage<T>(
  name: string,
  pk: string,
  options: { limit: number; cursor: string | undefined; newestFirst: boolean; skPrefix?: string; decode: (raw: Record<string, unknown>) => T },
): Promise<Page<T>> {
  const list = listNamed(name);
  const scope = { pk };
  const result = await db.send(
    new QueryCommand({
      TableName: liveTable,
      KeyConditionExpression: options.skPrefix ? 'pk = :pk AND begins_with(sk, :prefix)' : 'pk = :pk',
      ExpressionAttributeValues: { ':pk': pk, ...(options.skPrefix ? { ':prefix': options.skPrefix } : {}) },
      ScanIndexForward: !options.newestFirst,
      Limit: options.limit,
      ExclusiveStartKey: list.decode(scope, options.cursor),
    }),
  );
  const raw = result.Items ?? [];
  return { items: raw.map(options.decode), nextCursor: result.LastEvaluatedKey ? list.encode(scope, result.LastEvaluatedKey) : null };
}
