import { BatchGetCommand, type BatchGetCommandOutput, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { documentClient } from './dynamodb';

export interface TableKey {
  pk: string;
  sk: string;
}

export interface BatchGetOptions {
  consistent?: boolean;
  /** Requests per chunk before giving up on keys DynamoDB keeps leaving unprocessed. */
  maxAttempts?: number;
  client?: Pick<DynamoDBDocumentClient, 'send'>;
  sleep?: (ms: number) => Promise<void>;
}

/** BatchGetItem allows 100 keys per request. */
const CHUNK = 100;
const DEFAULT_MAX_ATTEMPTS = 9;

export class UnprocessedKeysError extends Error {
  override readonly name = 'UnprocessedKeysError';
  constructor(
    readonly table: string,
    readonly unprocessed: number,
    attempts: number,
  ) {
    super(`BatchGetItem on ${table} left ${unprocessed} key(s) unprocessed after ${attempts} attempts`);
  }
}

const backoff = (attempt: number) => Math.min(1000, 25 * 2 ** attempt);
const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Reads the items of `keys` (duplicates read once; missing items are simply absent, in no particular
 * order), in chunks of 100 read in parallel. Keys DynamoDB leaves unprocessed (throttling, the 16 MB
 * response limit) are asked again with exponential backoff, up to `maxAttempts` requests per chunk;
 * then it throws `UnprocessedKeysError` rather than answering with items silently missing.
 */
export async function batchGet(table: string, keys: readonly TableKey[], options: BatchGetOptions = {}): Promise<Record<string, unknown>[]> {
  const { consistent = false, maxAttempts = DEFAULT_MAX_ATTEMPTS, client = documentClient, sleep = pause } = options;
  const unique = [...new Map(keys.map((key) => [`${key.pk}|${key.sk}`, key])).values()];
  const chunks: Record<string, unknown>[][] = [];
  for (let start = 0; start < unique.length; start += CHUNK) chunks.push(unique.slice(start, start + CHUNK).map((key) => ({ ...key })));

  const readChunk = async (chunk: Record<string, unknown>[]) => {
    const found: Record<string, unknown>[] = [];
    let pending = chunk;
    for (let attempt = 0; pending.length > 0; attempt += 1) {
      if (attempt >= maxAttempts) throw new UnprocessedKeysError(table, pending.length, attempt);
      if (attempt > 0) await sleep(backoff(attempt));
      const result: BatchGetCommandOutput = await client.send(new BatchGetCommand({ RequestItems: { [table]: { Keys: pending, ConsistentRead: consistent } } }));
      found.push(...(result.Responses?.[table] ?? []));
      pending = result.UnprocessedKeys?.[table]?.Keys ?? [];
    }
    return found;
  };
  return (await Promise.all(chunks.map(readChunk))).flat();
}
