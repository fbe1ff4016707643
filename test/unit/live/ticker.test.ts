import { describe, expect, it } from 'vitest';
import {
  ACCUMULATOR_SHARDS,
  MAX_ORDERS_PER_CHUNK,
  flushDelaySeconds,
  maskBuyer,
  planChunks,
  planDrain,
  tickerAttributes,
  tickerIntervalMs,
  type TickerOrder,
} from '../../../lambdas/live/domain/ticker';
import { parseTickerMessage } from '../../../lambdas/live/domain/ticker-messages';

const order = (i: number, sellerId = 's1'): TickerOrder => ({
  orderId: `o-${String(i).padStart(5, '0')}`,
  sellerId,
  buyer: '张**',
  productId: 'p1',
  quantity: 1 + (i % 3),
  stockShards: 16,
  paidAt: `2026-05-01T12:00:${String(i % 60).padStart(2, '0')}.000Z`,
});

describe('sales ticker domain', () => {
  it('masks the buyer as the first code point of the shipping name + **, surrogate pairs kept whole', () => {
    expect(maskBuyer('张三')).toBe('张**');
    expect(maskBuyer('  Li Si')).toBe('L**');
    expect(maskBuyer('🍎小明')).toBe('🍎**');
    expect(maskBuyer('𠮷野家')).toBe('𠮷**');
    expect(maskBuyer('')).toBe('**');
  });

  it('widens the interval to sellingRooms / 80 s above 80 selling rooms, never below 1 s', () => {
    expect(tickerIntervalMs(0)).toBe(1000);
    expect(tickerIntervalMs(80)).toBe(1000);
    expect(tickerIntervalMs(81)).toBe(1013);
    expect(tickerIntervalMs(400)).toBe(5000);
    for (const rooms of [1, 79, 80, 81, 500, 10_000]) expect(rooms / (tickerIntervalMs(rooms) / 1000)).toBeLessThanOrEqual(80);
  });

  it('chunks each seller’s distinct orders into transactions of ≤ 99, each on the shard of its first order', () => {
    const orders = [...Array.from({ length: 250 }, (_, i) => order(i)), order(3), order(0, 's2')];
    const chunks = planChunks(orders);
    expect(chunks.map((c) => [c.sellerId, c.orders.length])).toEqual([
      ['s1', 99],
      ['s1', 99],
      ['s1', 52],
      ['s2', 1],
    ]);
    expect(chunks.every((c) => c.orders.length <= MAX_ORDERS_PER_CHUNK && c.shard >= 0 && c.shard < ACCUMULATOR_SHARDS)).toBe(true);
    expect(chunks[0]!.latest.orderId).toBe('o-00059'); // the latest paidAt in the chunk
  });

  it('a drain takes every positive count and the latest order among those shards only', () => {
    const latest = (id: string, paidAt: string) => ({ orderId: id, buyer: '王**', productId: 'p', quantity: 2, stockShards: 1, paidAt });
    const drain = planDrain([
      { shard: 0, count: 3, latest: latest('a', '2026-05-01T12:00:01Z') },
      { shard: 1, count: 0, latest: latest('z', '2026-05-01T12:09:00Z') },
      { shard: 7, count: 4, latest: latest('b', '2026-05-01T12:00:02Z') },
    ]);
    expect(drain).toEqual({ total: 7, latest: latest('b', '2026-05-01T12:00:02Z'), taken: [{ shard: 0, count: 3 }, { shard: 7, count: 4 }] });
    expect(planDrain([]).total).toBe(0);
  });

  it('event attributes are strings; stock never negative; flush delay 1..900 s', () => {
    const latest = { orderId: 'a', buyer: '张**', productId: 'p1', quantity: 2, stockShards: 1, paidAt: 'x' };
    expect(tickerAttributes(5, latest, 17)).toEqual({ buyer: '张**', productId: 'p1', quantity: '2', count: '5', stockLeft: '17' });
    expect(tickerAttributes(1, latest, -3).stockLeft).toBe('0');
    expect(flushDelaySeconds(0, 10_000)).toBe(1);
    expect(flushDelaySeconds(13_500, 10_000)).toBe(4);
    expect(flushDelaySeconds(10_000_000, 0)).toBe(900);
  });

  it('parses paid-order messages (ids only) and flush messages', () => {
    expect(parseTickerMessage(JSON.stringify({ orderId: 'o1', sellerId: 's1', buyerId: 'b', createdAt: 'c' }))).toEqual({ kind: 'paid', orderId: 'o1', sellerId: 's1' });
    expect(parseTickerMessage(JSON.stringify({ kind: 'flush', sellerId: 's1', dueAt: 5 }))).toEqual({ kind: 'flush', sellerId: 's1', dueAt: 5 });
    expect(() => parseTickerMessage('{"sellerId":"s1"}')).toThrow();
  });
});
