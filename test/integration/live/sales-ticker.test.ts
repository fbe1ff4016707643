import { describe, expect, it, inject } from 'vitest';
import type { FlushMessage, TickerMessage } from '../../../lambdas/live/domain/ticker-messages';
import type { TickerOrder } from '../../../lambdas/live/domain/ticker';
import { uniqueId } from '../../support/local-api';
import { seededRandom } from '../../../scripts/seeded-random';

// Real DynamoDB Local (the shared runtime's) for every ticker item: markers, accumulator shards, the slot.
Object.assign(process.env, inject('localRuntime').env, { POWERTOOLS_LOG_LEVEL: 'SILENT' });
const store = await import('../../../lambdas/live/store/ticker');
const { processTickerBatch, sellingRoomsEstimate } = await import('../../../lambdas/live/use-cases/ticker');

const ORDERS = 1200;

/** The ticker's collaborators outside its own items: orders and the room in memory, a fake clock, a recording chat and queue. */
function harness(sellerId: string, live: boolean) {
  let now = Date.now();
  const orders = new Map<string, TickerOrder>();
  for (let i = 0; i < ORDERS; i += 1) {
    const orderId = `${sellerId}-o${i}`;
    orders.set(orderId, { orderId, sellerId, buyer: '张**', productId: 'p1', quantity: 1, stockShards: 4, paidAt: new Date(now + i).toISOString() });
  }
  const events: { at: number; count: number }[] = [];
  const flushes: FlushMessage[] = [];
  const deps = {
    store,
    sources: {
      paidOrders: async (ids: readonly string[]) => ids.flatMap((id) => (orders.has(id) ? [orders.get(id)!] : [])),
      room: async () => ({ live, chatRoomArn: 'arn:aws:ivschat:us-east-1:000000000000:room/test' }),
      stockLeft: async (_productId: string, _shards: number) => 42,
    },
    chat: { sendEvent: async (_room: string, _name: string, attributes: Record<string, string>) => void events.push({ at: now, count: Number(attributes.count) }) },
    queue: { sendFlush: async (message: FlushMessage) => void flushes.push(message) },
    clock: () => now,
    sellingRooms: sellingRoomsEstimate(store),
  };
  return { deps, orders: [...orders.keys()], events, flushes, step: (ms: number) => (now += ms), now: () => now };
}

const paid = (sellerId: string, orderId: string): TickerMessage => ({ kind: 'paid', orderId, sellerId });

describe('sales ticker on DynamoDB', () => {

  it('ticker counts sum exactly under concurrency: parallel invocations, overlapping redelivered batches, ≤ 1 event per second', async () => {
    const sellerId = uniqueId('ticker-seller');
    const { deps, orders, events, flushes, step, now } = harness(sellerId, true);
    const random = seededRandom(13);
    // Every order once, a third of them delivered again in another batch (SQS at-least-once).
    const deliveries = [...orders, ...orders.filter(() => random() < 0.33)].sort(() => random() - 0.5);
    let pending = deliveries.map((orderId, i) => ({ id: `m${i}`, message: paid(sellerId, orderId) }));
    let redelivered = 0;
    while (pending.length) {
      // Six invocations at once, each with a batch of up to 100; failed messages come back later.
      const batches = Array.from({ length: 6 }, (_, i) => pending.slice(i * 100, (i + 1) * 100)).filter((b) => b.length);
      pending = pending.slice(600);
      const results = await Promise.all(batches.map((batch) => processTickerBatch(deps, batch)));
      for (const [i, result] of results.entries()) {
        const failed = new Set(result.failedIds);
        redelivered += failed.size;
        pending.push(...batches[i]!.filter((m) => failed.has(m.id)));
      }
      step(250);
    }
    // Trailing orders: the delayed flushes, each when it is due, until none is left.
    for (let rounds = 0; flushes.length && rounds < 200; rounds += 1) {
      const flush = flushes.shift()!;
      if (flush.dueAt > now()) step(flush.dueAt - now());
      const result = await processTickerBatch(deps, [{ id: `f${rounds}`, message: flush }]);
      expect(result.failedIds).toEqual([]);
    }

    expect(events.reduce((sum, e) => sum + e.count, 0)).toBe(ORDERS);
    expect((await store.readAccumulators(sellerId)).every((a) => a.count === 0)).toBe(true);
    for (let i = 1; i < events.length; i += 1) expect(events[i]!.at - events[i - 1]!.at).toBeGreaterThanOrEqual(1000);
    expect(events.length).toBeGreaterThan(1);
  }, 180_000);

  it('a redelivered batch counts nothing twice; a seller not live gets nothing counted or sent', async () => {
    const liveSeller = uniqueId('ticker-seller');
    const live = harness(liveSeller, true);
    const batch = live.orders.slice(0, 5).map((orderId, i) => ({ id: `m${i}`, message: paid(liveSeller, orderId) }));
    const first = await processTickerBatch(live.deps, batch);
    const again = await processTickerBatch(live.deps, batch);
    expect(first.outcomes.get(liveSeller)).toMatchObject({ counted: 5, duplicates: 0 });
    expect(again.outcomes.get(liveSeller)).toMatchObject({ counted: 0, duplicates: 5 });
    expect(live.events).toEqual([{ at: live.now(), count: 5 }]);

    const offline = uniqueId('ticker-seller');
    const off = harness(offline, false);
    const result = await processTickerBatch(off.deps, off.orders.slice(0, 3).map((orderId, i) => ({ id: `n${i}`, message: paid(offline, orderId) })));
    expect(result.outcomes.get(offline)).toMatchObject({ counted: 0, dropped: 3 });
    expect(off.events).toEqual([]);
    expect(await store.readAccumulators(offline)).toEqual([]);
  });

  it('a failed SendEvent gives its counts back: they go out with the next event', async () => {
    const sellerId = uniqueId('ticker-seller');
    const h = harness(sellerId, true);
    let fail = true;
    const deps = { ...h.deps, chat: { sendEvent: async (room: string, name: string, attributes: Record<string, string>) => (fail ? Promise.reject(new Error('throttled')) : h.deps.chat.sendEvent(room, name, attributes)) } };
    const result = await processTickerBatch(deps, h.orders.slice(0, 4).map((orderId, i) => ({ id: `m${i}`, message: paid(sellerId, orderId) })));
    expect(result.failedIds).toHaveLength(4);
    expect((await store.readAccumulators(sellerId)).reduce((sum, a) => sum + a.count, 0)).toBe(4);
    fail = false;
    h.step(1000);
    await processTickerBatch(deps, [{ id: 'f', message: { kind: 'flush', sellerId, dueAt: h.now() } }]);
    expect(h.events.map((e) => e.count)).toEqual([4]);
  });

  it('a sender whose slot claim lapsed before its SendEvent sends nothing and gives its counts back (events never closer than the interval)', async () => {
    const sellerId = uniqueId('ticker-seller');
    const h = harness(sellerId, true);
    let slowOnce = true;
    const deps = {
      ...h.deps,
      sources: {
        ...h.deps.sources,
        // The first sender stalls past its interval while reading the stock; meanwhile a flush claims the slot and sends.
        stockLeft: async (productId: string, shards: number) => {
          if (slowOnce) {
            slowOnce = false;
            h.step(1500);
            await processTickerBatch(deps, [{ id: 'late', message: { kind: 'flush', sellerId, dueAt: h.now() } }]);
          }
          return h.deps.sources.stockLeft(productId, shards);
        },
      },
    };
    await processTickerBatch(deps, h.orders.slice(0, 3).map((orderId, i) => ({ id: `m${i}`, message: paid(sellerId, orderId) })));
    await processTickerBatch(deps, h.orders.slice(3, 5).map((orderId, i) => ({ id: `n${i}`, message: paid(sellerId, orderId) })));
    h.step(1000);
    await processTickerBatch(deps, [{ id: 'f', message: { kind: 'flush', sellerId, dueAt: h.now() } }]);
    expect(h.events.reduce((sum, e) => sum + e.count, 0)).toBe(5);
    for (let i = 1; i < h.events.length; i += 1) expect(h.events[i]!.at - h.events[i - 1]!.at).toBeGreaterThanOrEqual(1000);
  });
});
