import { describe, expect, it } from 'vitest';
import { isOutboxRecord, outboxMessage, pipeInputTemplate } from '../../../lambdas/orders/outbox';
import { orderIndexKeys, shanghaiDay } from '../../../lambdas/orders/model';

const image = (overrides: Record<string, unknown> = {}) => ({
  pk: { S: 'ORDER#O1' },
  entityType: { S: 'ORDER' },
  status: { S: 'PLACED' },
  orderId: { S: 'O1' },
  sellerId: { S: 's1' },
  buyerId: { S: 'b1' },
  createdAt: { S: '2026-06-01T02:00:00.000Z' },
  ...overrides,
});

describe('outbox filter and message (shared by the Pipe and the local poller)', () => {
  it('passes only the INSERT of a PLACED order', () => {
    expect(isOutboxRecord({ eventName: 'INSERT', dynamodb: { NewImage: image() } })).toBe(true);
    expect(isOutboxRecord({ eventName: 'MODIFY', dynamodb: { NewImage: image() } })).toBe(false);
    expect(isOutboxRecord({ eventName: 'INSERT', dynamodb: { NewImage: image({ status: { S: 'CANCELLED' } }) } })).toBe(false);
    expect(isOutboxRecord({ eventName: 'INSERT', dynamodb: { NewImage: image({ entityType: { S: 'SHIPMENT_REQUEST' } }) } })).toBe(false);
    expect(isOutboxRecord({ eventName: 'INSERT', dynamodb: { NewImage: { pk: { S: 'PINBUYER#x' } } } })).toBe(false);
    expect(isOutboxRecord({ eventName: 'REMOVE' })).toBe(false);
  });

  it('shapes the message as the Pipe template does', () => {
    expect(outboxMessage({ eventName: 'INSERT', dynamodb: { NewImage: image() } })).toEqual({ orderId: 'O1', sellerId: 's1', buyerId: 'b1', createdAt: '2026-06-01T02:00:00.000Z' });
    expect(pipeInputTemplate).toBe(
      '{"orderId": "<$.dynamodb.NewImage.orderId.S>", "sellerId": "<$.dynamodb.NewImage.sellerId.S>", "buyerId": "<$.dynamodb.NewImage.buyerId.S>", "createdAt": "<$.dynamodb.NewImage.createdAt.S>"}',
    );
  });
});

describe('order index keys', () => {
  it('the report day is the Asia/Shanghai calendar day', () => {
    expect(shanghaiDay('2026-06-01T15:59:59.999Z')).toBe('2026-06-01');
    expect(shanghaiDay('2026-06-01T16:00:00.000Z')).toBe('2026-06-02');
  });

  it('spreads the seller list and the day index over 16 shards, keeps the buyer list whole', () => {
    const shards = { seller: new Set<string>(), day: new Set<string>() };
    for (let i = 0; i < 2000; i++) {
      const keys = orderIndexKeys({ orderId: `O${i}`, buyerId: 'b1', sellerId: 's1', createdAt: '2026-06-01T02:00:00.000Z' });
      expect(keys.gsi1pk).toBe('BUYER#b1');
      expect(keys.gsi2sk).toBe(`2026-06-01T02:00:00.000Z#O${i}`);
      shards.seller.add(keys.gsi2pk);
      shards.day.add(keys.gsi3pk);
    }
    expect([...shards.seller].sort()).toEqual(Array.from({ length: 16 }, (_, n) => `SELLER#s1#${n}`).sort());
    expect([...shards.day].sort()).toEqual(Array.from({ length: 16 }, (_, n) => `DAY#2026-06-01#${n}`).sort());
  });
});
