import { AccessDeniedException, GetStreamCommand, IvsClient } from '@aws-sdk/client-ivs';
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, describe, expect, it, inject } from 'vitest';
import { channelLookupKey, profileKey, sellerLiveKey } from '../../../lambdas/catalog/model';
import { moveExpression } from '../../../lambdas/catalog/stock-moves';
import { stockShardKey } from '../../../lambdas/catalog/stock-shards';
import { lambdaContext } from '../../../local/lambda-context';
import { uniqueId } from '../../support/local-api';

// Real DynamoDB Local (the shared runtime's), so the conditional writes are DynamoDB's own.
Object.assign(process.env, inject('localRuntime').env, { POWERTOOLS_LOG_LEVEL: 'SILENT' });
const { documentClient } = await import('../../../lambdas/core/aws/dynamodb');
const { catalogTable } = await import('../../../lambdas/catalog/store/table');
const { handler: liveStatus } = await import('../../../lambdas/catalog/handlers/live-status');
const { createSellerProduct, patchSellerProduct } = await import('../../../lambdas/catalog/use-cases/products');
const products = await import('../../../lambdas/catalog/store/products');

describe('live status ordering on DynamoDB (GetStream unavailable: events are all there is)', () => {
  const ivs = mockClient(IvsClient);
  const sellerId = uniqueId('seller');
  const channelArn = `arn:aws:ivs:us-east-1:000000000000:channel/${uniqueId('ch').replace(/-/g, '')}`;
  const event = (name: 'Stream Start' | 'Stream End', time: string, streamId: string) => ({
    version: '0',
    id: uniqueId('event'),
    'detail-type': 'IVS Stream State Change',
    source: 'aws.ivs',
    account: '000000000000',
    time,
    region: 'us-east-1',
    resources: [channelArn],
    detail: { event_name: name, channel_name: 'c', stream_id: streamId },
  });
  const deliver = (payload: ReturnType<typeof event>) => liveStatus(payload, lambdaContext('liveStatus')) as Promise<{ outcome: string }>;
  const stored = async () => (await documentClient.send(new GetCommand({ TableName: catalogTable, Key: sellerLiveKey(sellerId), ConsistentRead: true }))).Item;

  beforeAll(async () => {
    ivs.on(GetStreamCommand).rejects(new AccessDeniedException({ message: 'denied', $metadata: {} }));
    await documentClient.send(new PutCommand({ TableName: catalogTable, Item: { ...channelLookupKey(channelArn), channelArn, sellerId } }));
    await documentClient.send(
      new PutCommand({ TableName: catalogTable, Item: { ...profileKey(sellerId), sellerId, displayName: '张', countyCode: '371721', village: '村', createdAt: 'c', updatedAt: 'c' } }),
    );
  });

  it('applies the newest event whatever the delivery order, and ignores repeats', async () => {
    const start1 = event('Stream Start', '2026-06-01T08:00:00Z', 'st-1');
    const end1 = event('Stream End', '2026-06-01T08:30:00Z', 'st-1');
    const start2 = event('Stream Start', '2026-06-01T09:00:00Z', 'st-2');

    expect(await deliver(end1)).toEqual({ outcome: 'written' });
    expect(await deliver(start1)).toEqual({ outcome: 'stale' }); // late
    expect(await stored()).toMatchObject({ live: false });

    expect(await deliver(start2)).toEqual({ outcome: 'written' });
    expect(await deliver(start2)).toEqual({ outcome: 'stale' }); // repeated
    expect(await deliver(end1)).toEqual({ outcome: 'stale' }); // repeated and late
    expect(await stored()).toMatchObject({ live: true, streamId: 'st-2', gsi1pk: 'LIVE', gsi2pk: 'LIVE#371721' });

    // A Start and its End stamped in the same second: the End wins, whichever arrives last.
    const end2 = event('Stream End', '2026-06-01T09:00:00Z', 'st-2');
    expect(await deliver(end2)).toEqual({ outcome: 'written' });
    expect(await deliver(start2)).toEqual({ outcome: 'stale' });
    const final = await stored();
    expect(final).toMatchObject({ live: false });
    expect(final).not.toHaveProperty('gsi1pk');
  });

  it('concurrent deliveries of opposite events converge on the newest', async () => {
    const start = event('Stream Start', '2026-06-02T08:00:00Z', 'st-3');
    const end = event('Stream End', '2026-06-02T08:00:01Z', 'st-3');
    await Promise.all([deliver(end), deliver(start), deliver(end), deliver(start)]);
    expect(await stored()).toMatchObject({ live: false, stateVersion: '2026-06-02T08:00:01.000Z#1' });
  });
});

describe('PATCH stock racing orders on DynamoDB', () => {
  it('the total after the PATCH is the new total minus what sold after it; no shard goes negative', async () => {
    const sellerId = uniqueId('seller');
    await documentClient.send(
      new PutCommand({ TableName: catalogTable, Item: { ...profileKey(sellerId), sellerId, displayName: '张', countyCode: '371721', village: '村', createdAt: 'c', updatedAt: 'c' } }),
    );
    const product = await createSellerProduct({ products }, sellerId, { title: '西瓜', unit: 'jin', priceFen: 350, stock: 400, stockShards: 4 });
    let sold = 0;
    // What an order does to a shard: a conditional decrement (the orders capability's own write).
    const order = async (shard: number) => {
      try {
        await documentClient.send(
          new UpdateCommand({ TableName: catalogTable, Key: stockShardKey(product.productId, shard), ...moveExpression({ kind: 'sellRegular', quantity: 1, priceFen: 350 }) }),
        );
        sold += 1;
      } catch {
        // out of stock on that shard, or lost a transaction conflict: the order would retry elsewhere
      }
    };
    const orders = Array.from({ length: 40 }, (_, i) => order(i % 4));
    const patch = patchSellerProduct({ products }, sellerId, product.productId, { stock: 100 }).catch((error: Error) => error);
    const [result] = await Promise.all([patch, ...orders]);

    const shards = await Promise.all(
      [0, 1, 2, 3].map(async (shard) => (await documentClient.send(new GetCommand({ TableName: catalogTable, Key: stockShardKey(product.productId, shard), ConsistentRead: true }))).Item!.unsold as number),
    );
    expect(shards.every((available) => available >= 0)).toBe(true);
    const total = shards.reduce((sum, available) => sum + available, 0);
    if (result instanceof Error) {
      expect(result.message).toMatch(/retry/); // 409: the rewrite never landed
      expect(total).toBe(400 - sold);
    } else {
      expect(total).toBeLessThanOrEqual(100);
      expect(total).toBeGreaterThanOrEqual(100 - sold);
    }
  });
});
