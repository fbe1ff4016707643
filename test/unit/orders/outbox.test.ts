import { describe, expect, it } from 'vitest';
import { isOutboxRecord, isRefundRecord, matchesPattern, outboxMessage, pipeInputTemplate, refundMessage, refundPipeInputTemplate, type StreamRecordLike } from '../../../lambdas/orders/outbox';
import { dayIndexKeys, orderListKeys, shanghaiDay, timerIndexKeys, timerIndexUpTo } from '../../../lambdas/orders/model';

const image = (overrides: Record<string, Record<string, unknown>> = {}): Record<string, Record<string, unknown>> => ({
  pk: { S: 'ORDER#O1' },
  entityType: { S: 'ORDER' },
  status: { S: 'PAID' },
  orderId: { S: 'O1' },
  sellerId: { S: 's1' },
  buyerId: { S: 'b1' },
  createdAt: { S: '2026-06-01T02:00:00.000Z' },
  ...overrides,
});
const modify = (oldImage: Record<string, Record<string, unknown>>, newImage: Record<string, Record<string, unknown>>): StreamRecordLike => ({ eventName: 'MODIFY', dynamodb: { OldImage: oldImage, NewImage: newImage } });
const pending = image({ status: { S: 'PENDING_PAYMENT' } });
const refund = (status: string) => ({ refund: { M: { status: { S: status }, amountFen: { N: '600' } } } });

describe('outbox filter and message (shared by the Pipe and the local poller)', () => {
  it('passes only the write that made an order PAID (old image PENDING_PAYMENT)', () => {
    expect(isOutboxRecord(modify(pending, image()))).toBe(true);
    // A later write to a PAID order (or a PAID order put as is) is not a newly paid order.
    expect(isOutboxRecord(modify(image(), image()))).toBe(false);
    expect(isOutboxRecord({ eventName: 'INSERT', dynamodb: { NewImage: image() } })).toBe(false);
    expect(isOutboxRecord(modify(pending, image({ status: { S: 'CANCELLED' } })))).toBe(false);
    expect(isOutboxRecord(modify(pending, image({ status: { S: 'EXPIRED' } })))).toBe(false);
    expect(isOutboxRecord(modify(pending, image({ entityType: { S: 'SHIPMENT_REQUEST' } })))).toBe(false);
    expect(isOutboxRecord({ eventName: 'INSERT', dynamodb: { NewImage: { pk: { S: 'PINBUYER#x' } } } })).toBe(false);
    expect(isOutboxRecord({ eventName: 'REMOVE' })).toBe(false);
  });

  it('passes only the write that gave an order a PENDING refund, once', () => {
    expect(isRefundRecord(modify(image(), image({ status: { S: 'CANCELLED' }, ...refund('PENDING') })))).toBe(true);
    expect(isRefundRecord(modify(image({ status: { S: 'EXPIRED' } }), image({ status: { S: 'EXPIRED' }, ...refund('PENDING') })))).toBe(true);
    // PENDING → SUCCEEDED, or any later write to an order whose refund was already pending: no new message.
    expect(isRefundRecord(modify(image(refund('PENDING')), image(refund('SUCCEEDED'))))).toBe(false);
    expect(isRefundRecord(modify(image(refund('PENDING')), image(refund('PENDING'))))).toBe(false);
    expect(isRefundRecord(modify(pending, image({ status: { S: 'CANCELLED' } })))).toBe(false);
    expect(isRefundRecord({ eventName: 'INSERT', dynamodb: { NewImage: image(refund('PENDING')) } })).toBe(false);
  });

  it('matches `exists: false` on a missing leaf, also under a missing parent, as EventBridge does', () => {
    expect(matchesPattern({ a: { b: [{ exists: false }] } }, {})).toBe(true);
    expect(matchesPattern({ a: { b: [{ exists: false }] } }, { a: { b: 'x' } })).toBe(false);
    expect(matchesPattern({ a: { b: [{ exists: true }] } }, { a: { b: 'x' } })).toBe(true);
    expect(matchesPattern({ a: { b: [{ exists: true }] } }, {})).toBe(false);
  });

  it('shapes the messages as the Pipe templates do', () => {
    expect(outboxMessage(modify(pending, image()))).toEqual({ orderId: 'O1', sellerId: 's1', buyerId: 'b1', createdAt: '2026-06-01T02:00:00.000Z' });
    expect(pipeInputTemplate).toBe(
      '{"orderId": "<$.dynamodb.NewImage.orderId.S>", "sellerId": "<$.dynamodb.NewImage.sellerId.S>", "buyerId": "<$.dynamodb.NewImage.buyerId.S>", "createdAt": "<$.dynamodb.NewImage.createdAt.S>"}',
    );
    expect(refundMessage(modify(image(), image(refund('PENDING'))))).toEqual({ orderId: 'O1' });
    expect(refundPipeInputTemplate).toBe('{"orderId": "<$.dynamodb.NewImage.orderId.S>"}');
  });
});

describe('order index keys', () => {
  it('the report day is the Asia/Shanghai calendar day', () => {
    expect(shanghaiDay('2026-06-01T15:59:59.999Z')).toBe('2026-06-01');
    expect(shanghaiDay('2026-06-01T16:00:00.000Z')).toBe('2026-06-02');
  });

  it('spreads the seller list and the day index over 16 shards, keeps the buyer list whole', () => {
    const shards = { seller: new Set<string>(), day: new Set<string>(), timer: new Set<string>() };
    for (let i = 0; i < 2000; i++) {
      const keys = orderListKeys({ orderId: `O${i}`, buyerId: 'b1', sellerId: 's1', createdAt: '2026-06-01T02:00:00.000Z' });
      expect(keys.gsi1pk).toBe('BUYER#b1');
      expect(keys.gsi2sk).toBe(`2026-06-01T02:00:00.000Z#O${i}`);
      shards.seller.add(keys.gsi2pk);
      shards.day.add(dayIndexKeys({ orderId: `O${i}`, paidAt: '2026-06-01T17:00:00.000Z' }).gsi3pk);
      shards.timer.add(timerIndexKeys(`O${i}`, { kind: 'EXPIRY', dueAt: '2026-06-01T02:05:00.000Z' }).gsi4pk);
    }
    expect([...shards.seller].sort()).toEqual(Array.from({ length: 16 }, (_, n) => `SELLER#s1#${n}`).sort());
    // Keyed by the Shanghai day of paidAt, not of createdAt.
    expect([...shards.day].sort()).toEqual(Array.from({ length: 16 }, (_, n) => `DAY#2026-06-02#${n}`).sort());
    expect([...shards.timer].sort()).toEqual(Array.from({ length: 16 }, (_, n) => `TIMER#EXPIRY#${n}`).sort());
  });

  it('a timer key is due up to an instant exactly when its due time is at or before it', () => {
    const { gsi4sk } = timerIndexKeys('ZZZZ', { kind: 'EXPIRY', dueAt: '2026-06-01T02:05:00.000Z' });
    expect(gsi4sk <= timerIndexUpTo('2026-06-01T02:05:00.000Z')).toBe(true);
    expect(gsi4sk <= timerIndexUpTo('2026-06-01T02:04:59.999Z')).toBe(false);
  });
});
