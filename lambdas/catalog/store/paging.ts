import { QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { decodeCursor, encodeCursor } from '../../core/http/cursor';
import { db, keyOf } from './table';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * One page of a Query, bound to its scope: the cursor carries the key to resume from, and a cursor
 * whose scope attributes differ from this query's (another seller, another county, forged) is a 400.
 * With a FilterExpression, DynamoDB's Limit counts items before filtering, so this keeps reading until
 * the page is full or the partition is exhausted; the cursor is then the last returned item's key.
 */
export async function queryPage<T>(
  input: Omit<QueryCommandInput, 'Limit' | 'ExclusiveStartKey'>,
  options: { limit: number; cursor: string | undefined; scope: Record<string, string>; keyAttributes: readonly string[] },
): Promise<Page<T>> {
  let startKey = decodeCursor(options.cursor, options.scope);
  const items: Record<string, unknown>[] = [];
  for (;;) {
    const result = await db.send(new QueryCommand({ ...input, Limit: options.limit, ExclusiveStartKey: startKey }));
    const found = result.Items ?? [];
    const room = options.limit - items.length;
    items.push(...found.slice(0, room));
    if (items.length === options.limit) {
      const more = found.length > room || result.LastEvaluatedKey !== undefined;
      return { items: items as T[], nextCursor: more ? encodeCursor(keyOf(items[items.length - 1]!, options.keyAttributes)) : null };
    }
    if (!result.LastEvaluatedKey) return { items: items as T[], nextCursor: null };
    startKey = result.LastEvaluatedKey;
  }
}
