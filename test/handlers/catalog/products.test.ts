import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { productKey, type ProductItem } from '../../../lambdas/catalog/model';
import { createProductRoute, patchProductRoute } from '../../../lambdas/catalog/routes';
import { newShardItem } from '../../../lambdas/catalog/stock-shards';
import { httpEvent, invoke } from './support';

const { handler: patch } = await import('../../../lambdas/catalog/handlers/patch-product');
const { handler: create } = await import('../../../lambdas/catalog/handlers/create-product');

const ddb = mockClient(DynamoDBDocumentClient);
const productId = '01JABCDEFGHJKMNPQRSTVWXYZ1';
const product: ProductItem = { productId, sellerId: 'zhang', title: '西瓜', unit: 'jin', priceFen: 350, status: 'ACTIVE', stockShards: 2, createdAt: 'c', updatedAt: 'u' };
const shards = [newShardItem(product, 0, 5), newShardItem(product, 1, 4)];
const cancelled = (...codes: string[]) =>
  new TransactionCanceledException({ message: 'Transaction cancelled', $metadata: {}, CancellationReasons: codes.map((Code) => ({ Code })) });
const setStock = (stock: number) => invoke(patch, httpEvent(patchProductRoute, { body: { stock }, pathParameters: { productId } }));

beforeEach(() => {
  ddb.reset();
  ddb.on(GetCommand, { Key: productKey('zhang', productId) }).resolves({ Item: product });
  ddb.on(BatchGetCommand).resolves({ Responses: { 'village-live-catalog': shards } });
});

describe('PATCH stock: shards rewritten under compare-and-set', () => {
  it('writes the new split with each shard conditioned on what was read', async () => {
    ddb.on(TransactWriteCommand).resolves({});
    const response = await setStock(11);
    expect(response.status).toBe(200);
    const items = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(items[0]!.Update!.ConditionExpression).toContain('#status = :seenStatus');
    expect(items.slice(1).map((item) => [item.Update!.ExpressionAttributeValues![':available'], item.Update!.ExpressionAttributeValues![':seenUnsold']])).toEqual([
      [6, 5],
      [5, 4],
    ]);
  });

  it('an order that moved a shard in between cancels the rewrite, which retries from a fresh read', async () => {
    ddb.on(TransactWriteCommand).rejectsOnce(cancelled('None', 'ConditionalCheckFailed', 'None')).resolves({});
    expect((await setStock(3)).status).toBe(200);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(2);
    expect(ddb.commandCalls(BatchGetCommand).length).toBeGreaterThanOrEqual(2);
  });

  it('orders that keep winning end in 409 CONFLICT (retry later), never a lost sale', async () => {
    ddb.on(TransactWriteCommand).rejects(cancelled('None', 'TransactionConflict', 'None'));
    const response = await setStock(3);
    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe('CONFLICT');
  });

  it('a product archived in between (its condition fails, the fresh read shows it) is 404', async () => {
    ddb.on(TransactWriteCommand).rejects(cancelled('ConditionalCheckFailed', 'None', 'None'));
    ddb.on(GetCommand, { Key: productKey('zhang', productId) }).resolvesOnce({ Item: product }).resolves({ Item: { ...product, status: 'ARCHIVED' } });
    expect((await setStock(3)).status).toBe(404);
  });
});

describe('POST /v1/seller/products', () => {
  it('writes the product and its shards in one transaction guarded by the profile', async () => {
    ddb.on(TransactWriteCommand).resolves({});
    const response = await invoke(create, httpEvent(createProductRoute, { body: { title: '西瓜', unit: 'jin', priceFen: 350, stock: 10, stockShards: 3 } }));
    expect(response.status).toBe(201);
    const items = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(items[0]!.ConditionCheck).toMatchObject({ ConditionExpression: 'attribute_exists(pk)' });
    expect(items.slice(2).map((item) => item.Put!.Item!.unsold)).toEqual([4, 3, 3]);
    expect(items.slice(2).map((item) => item.Put!.Item)).toEqual([0, 1, 2].map(() => expect.objectContaining({ status: 'ACTIVE', priceFen: 350, flashLeft: 0 })));
  });

  it('a missing profile (the check fails) is 409 PROFILE_REQUIRED', async () => {
    ddb.on(TransactWriteCommand).rejects(cancelled('ConditionalCheckFailed', 'None', 'None'));
    const response = await invoke(create, httpEvent(createProductRoute, { body: { title: '西瓜', unit: 'jin', priceFen: 350, stock: 10 } }));
    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe('PROFILE_REQUIRED');
  });
});
