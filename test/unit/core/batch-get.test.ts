import { BatchGetCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { batchGet, UnprocessedKeysError } from '../../../lambdas/core/aws/batch-get';

const ddb = mockClient(DynamoDBDocumentClient);
const table = 'catalog';
const key = (n: number) => ({ pk: `P#${n}`, sk: 'META' });
const noSleep = async () => undefined;

beforeEach(() => ddb.reset());

describe('batchGet', () => {
  it('reads each key once, in chunks of 100', async () => {
    ddb.on(BatchGetCommand).callsFake((input: { RequestItems: Record<string, { Keys: unknown[] }> }) => ({ Responses: { [table]: input.RequestItems[table]!.Keys } }));
    const keys = [...Array.from({ length: 150 }, (_, n) => key(n)), key(0), key(149)];
    const items = await batchGet(table, keys, { sleep: noSleep });
    expect(items).toHaveLength(150);
    expect(ddb.commandCalls(BatchGetCommand).map((call) => call.args[0].input.RequestItems![table]!.Keys!.length).sort()).toEqual([100, 50]);
  });

  it('asks again for unprocessed keys, with growing pauses', async () => {
    const pauses: number[] = [];
    ddb
      .on(BatchGetCommand)
      .resolvesOnce({ Responses: { [table]: [key(1)] }, UnprocessedKeys: { [table]: { Keys: [key(2), key(3)] } } })
      .resolvesOnce({ Responses: { [table]: [key(2)] }, UnprocessedKeys: { [table]: { Keys: [key(3)] } } })
      .resolves({ Responses: { [table]: [key(3)] } });
    const items = await batchGet(table, [key(1), key(2), key(3)], { consistent: true, sleep: async (ms) => void pauses.push(ms) });
    expect(items).toEqual([key(1), key(2), key(3)]);
    const calls = ddb.commandCalls(BatchGetCommand).map((call) => call.args[0].input.RequestItems![table]!);
    expect(calls.map((request) => request.Keys)).toEqual([[key(1), key(2), key(3)], [key(2), key(3)], [key(3)]]);
    expect(calls.every((request) => request.ConsistentRead === true)).toBe(true);
    expect(pauses).toHaveLength(2);
    expect(pauses[1]!).toBeGreaterThan(pauses[0]!);
  });

  it('gives up with a clear error when keys stay unprocessed', async () => {
    ddb.on(BatchGetCommand).resolves({ Responses: { [table]: [] }, UnprocessedKeys: { [table]: { Keys: [key(1)] } } });
    const failure = batchGet(table, [key(1)], { maxAttempts: 4, sleep: noSleep });
    await expect(failure).rejects.toBeInstanceOf(UnprocessedKeysError);
    await expect(failure).rejects.toThrow('BatchGetItem on catalog left 1 key(s) unprocessed after 4 attempts');
    expect(ddb.commandCalls(BatchGetCommand)).toHaveLength(4);
  });
});
