import { QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { keyedList, type CursorScope, type KeyedList } from '../../core/http/cursor';
import { db, keyOf } from './table';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

type QueryInput = Omit<QueryCommandInput, 'Limit' | 'ExclusiveStartKey'>;

interface PageOptions {
  limit: number;
  cursor: string | undefined;
  /** The attributes that fix the list to its caller (its partition key's value). */
  scope: CursorScope;
  /** The start key's attributes: the table key, plus the index key on an index. */
  keyAttributes: readonly string[];
}

/**
 * A list is the query itself: its table, index and key condition name it, so a cursor of one list is
 * refused by every other (and by the same list in another scope).
 */
const lists = new Map<string, KeyedList>();
function listOf(input: QueryInput, keyAttributes: readonly string[]): KeyedList {
  const name = `catalog:${input.TableName}:${input.IndexName ?? 'table'}:${input.KeyConditionExpression}`;
  const list = lists.get(name) ?? keyedList(name, keyAttributes);
  lists.set(name, list);
  return list;
}

/**
 * One page of a Query, bound to its scope: the cursor carries the key to resume from, signed for this
 * list and scope (core/http/cursor.ts). With a FilterExpression, DynamoDB's Limit counts items before
 * filtering, so this keeps reading until the page is full or the partition is exhausted; the cursor is
 * then the last returned item's key. Each item is decoded (`decode`) before it leaves the store.
 */
export async function queryPage<T>(input: QueryInput, options: PageOptions & { decode: (raw: Record<string, unknown>) => T }): Promise<Page<T>> {
  const list = listOf(input, options.keyAttributes);
  let startKey: Record<string, unknown> | undefined = list.decode(options.scope, options.cursor);
  const raw: Record<string, unknown>[] = [];
  let more = false;
  for (;;) {
    const result = await db.send(new QueryCommand({ ...input, Limit: options.limit, ExclusiveStartKey: startKey }));
    const found = result.Items ?? [];
    const room = options.limit - raw.length;
    raw.push(...found.slice(0, room));
    if (raw.length === options.limit) {
      more = found.length > room || result.LastEvaluatedKey !== undefined;
      break;
    }
    if (!result.LastEvaluatedKey) break;
    startKey = result.LastEvaluatedKey;
  }
  const items = raw.map(options.decode);
  const last = raw.at(-1);
  return { items, nextCursor: more && last ? list.encode(options.scope, keyOf(last, options.keyAttributes)) : null };
}
