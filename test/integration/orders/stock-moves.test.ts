import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { applyMove, moveExpression, type ShardMove } from '../../../lambdas/catalog/stock-moves';
import { stockShardKey, type ShardState } from '../../../lambdas/catalog/stock-shards';
import { uniqueId } from '../../support/local-api';
import { catalogTable, documents } from './fixtures';

const NOW = Date.parse('2026-06-01T08:00:00Z');
const UNTIL = NOW + 60_000;
const plain: ShardState = { productId: 'P', shard: 0, unsold: 9, available: 9, flashLeft: 0, status: 'ACTIVE', priceFen: 1000 };
const live: ShardState = { ...plain, available: 5, flashLeft: 4, flashPinId: 'PIN1', flashUntil: UNTIL };
const states: [string, ShardState | undefined][] = [
  ['no set-aside', plain],
  ['live set-aside', live],
  ['live set-aside, nearly sold', { ...live, unsold: 2, available: 1, flashLeft: 1 }],
  ['hidden', { ...live, status: 'HIDDEN' }],
  ['repriced', { ...plain, priceFen: 1200 }],
  ['missing', undefined],
];
const moves: ShardMove[] = [
  { kind: 'sellRegular', quantity: 3, priceFen: 1000 },
  { kind: 'sellRegular', quantity: 6, priceFen: 1000 },
  { kind: 'sellRegularReclaiming', quantity: 7, priceFen: 1000, lapsedPinId: 'PIN1', nowMs: UNTIL },
  { kind: 'sellRegularReclaiming', quantity: 7, priceFen: 1000, lapsedPinId: 'PIN1', nowMs: NOW },
  { kind: 'sellFlash', quantity: 2, pinId: 'PIN1', nowMs: NOW },
  { kind: 'sellFlash', quantity: 2, pinId: 'PIN1', nowMs: UNTIL },
  { kind: 'sellFlash', quantity: 5, pinId: 'PIN1', nowMs: NOW },
  { kind: 'restoreRegular', quantity: 2 },
  { kind: 'restoreFlash', quantity: 2, pinId: 'PIN1' },
  { kind: 'setAside', pinId: 'PIN2', untilMs: UNTIL, units: 6 },
  { kind: 'setAside', pinId: 'PIN2', untilMs: UNTIL, units: 10 },
  { kind: 'release', pinId: 'PIN1' },
  { kind: 'release', pinId: 'PIN9' },
  { kind: 'describe', status: 'ARCHIVED', priceFen: 1100 },
  { kind: 'rewrite', productId: 'P', shard: 0, seen: live, available: 3, keepSetAside: true, status: 'ACTIVE', priceFen: 1000 },
  { kind: 'rewrite', productId: 'P', shard: 0, seen: live, available: 3, keepSetAside: false, status: 'HIDDEN', priceFen: 1000 },
  { kind: 'rewrite', productId: 'P', shard: 0, seen: plain, available: 0, keepSetAside: false, status: 'ACTIVE', priceFen: 1000 },
  { kind: 'rewrite', productId: 'P', shard: 0, seen: undefined, available: 4, keepSetAside: false, status: 'ACTIVE', priceFen: 1000 },
];

/** Runs `move` as the stores do (one conditional Update) on a shard item holding `state`; the state after, or 'failed'. */
async function onDynamoDb(state: ShardState | undefined, move: ShardMove): Promise<Record<string, unknown> | undefined | 'failed'> {
  const key = stockShardKey(uniqueId('moves'), 0);
  if (state) await documents.send(new PutCommand({ TableName: catalogTable, Item: { ...key, ...state } }));
  else await documents.send(new DeleteCommand({ TableName: catalogTable, Key: key }));
  try {
    await documents.send(new UpdateCommand({ TableName: catalogTable, Key: key, ...moveExpression(move) }));
  } catch (error) {
    if (error instanceof Error && error.name === 'ConditionalCheckFailedException') return 'failed';
    throw error;
  }
  const { Item } = await documents.send(new GetCommand({ TableName: catalogTable, Key: key, ConsistentRead: true }));
  if (!Item) return undefined;
  const { pk: _pk, sk: _sk, ...after } = Item;
  return after;
}

describe('stock moves: the DynamoDB expressions do what the rule says', () => {
  it.each(moves.map((move) => [`${move.kind} ${JSON.stringify(move).slice(0, 80)}`, move] as const))('%s', async (_, move) => {
    for (const [label, state] of states) {
      const expected = applyMove(state, move);
      const actual = await onDynamoDb(state, move);
      expect(actual, `${move.kind} on a shard with ${label}`).toEqual(expected.ok ? expected.state : 'failed');
    }
  });
});
