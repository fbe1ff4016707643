/**
 * Ticker figures for `npm run bench:live`: `--ticker-orders` (5,000) paid orders of one live room,
 * delivered within 10 s in batches to the real consumer (lambdas/live/handlers/ticker-worker.ts, real
 * store on DynamoDB Local; orders and room in memory, SendEvent recorded), then its delayed flushes
 * when due. Every write is counted per key and per second at the store boundary.
 * Baseline in the same run: one counter item per room, one ADD per order (what coalescing without
 * shards would do); the same sum is checked.
 */
import { UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { lambdaContext } from '../local/lambda-context';
import type { FlushMessage } from '../lambdas/live/domain/ticker-messages';
import type { TickerChunk, TickerOrder } from '../lambdas/live/domain/ticker';
import { tickedKey, tickerPendingKey, tickerSlotKey } from '../lambdas/live/model';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Writes per key per whole second; the busiest (key, second). */
function writeCounter() {
  const perKeySecond = new Map<string, number>();
  return {
    add(key: string, at = Date.now()) {
      const bucket = `${key}@${Math.floor(at / 1000)}`;
      perKeySecond.set(bucket, (perKeySecond.get(bucket) ?? 0) + 1);
    },
    busiest() {
      let best = { key: '', writesPerSecond: 0 };
      for (const [bucket, writes] of perKeySecond) if (writes > best.writesPerSecond) best = { key: bucket.slice(0, bucket.lastIndexOf('@')), writesPerSecond: writes };
      return best;
    },
  };
}

const keyOf = (key: { pk: string; sk: string }) => `${key.pk}|${key.sk}`;

export async function tickerBench(documents: DynamoDBDocumentClient, liveTable: string, orders: number) {
  const store = await import('../lambdas/live/store/ticker');
  const { createTickerHandler } = await import('../lambdas/live/handlers/ticker-worker');
  const { sellingRoomsEstimate } = await import('../lambdas/live/use-cases/ticker');
  const sellerId = `bench-ticker-${Date.now()}`;
  const start = Date.now();
  const paid = new Map<string, TickerOrder>();
  for (let i = 0; i < orders; i += 1) {
    const orderId = `${sellerId}-o${String(i).padStart(6, '0')}`;
    paid.set(orderId, { orderId, sellerId, buyer: '张**', productId: 'p1', quantity: 1, stockShards: 16, paidAt: new Date(start + i).toISOString() });
  }
  const writes = writeCounter();
  const events: { at: number; count: number }[] = [];
  const flushes: FlushMessage[] = [];
  const counted = {
    ...store,
    applyChunk: async (chunk: TickerChunk, nowMs: number) => {
      const outcome = await store.applyChunk(chunk, nowMs);
      for (const order of chunk.orders) writes.add(keyOf(tickedKey(order.orderId)));
      writes.add(keyOf(tickerPendingKey(chunk.sellerId, chunk.shard)));
      return outcome;
    },
    claimSlot: async (...args: Parameters<typeof store.claimSlot>) => (writes.add(keyOf(tickerSlotKey(args[0]))), store.claimSlot(...args)),
    confirmSlot: async (...args: Parameters<typeof store.confirmSlot>) => (writes.add(keyOf(tickerSlotKey(args[0]))), store.confirmSlot(...args)),
    claimFlush: async (...args: Parameters<typeof store.claimFlush>) => (writes.add(keyOf(tickerSlotKey(args[0]))), store.claimFlush(...args)),
    takeFromShard: async (sellerId: string, shard: number, count: number) => (writes.add(keyOf(tickerPendingKey(sellerId, shard))), store.takeFromShard(sellerId, shard, count)),
  };
  const handler = createTickerHandler({
    store: counted,
    sources: {
      paidOrders: async (ids) => ids.flatMap((id) => (paid.has(id) ? [paid.get(id)!] : [])),
      room: async () => ({ live: true, chatRoomArn: 'arn:aws:ivschat:us-east-1:000000000000:room/bench' }),
      stockLeft: async () => 1000,
    },
    chat: { sendEvent: async (_room, _name, attributes) => void events.push({ at: Date.now(), count: Number(attributes['count']) }) },
    queue: { sendFlush: async (message) => void flushes.push(message) },
    clock: Date.now,
    sellingRooms: sellingRoomsEstimate(store),
  });
  const invoke = async (bodies: string[], tag: string) => {
    const event: SQSEvent = {
      Records: bodies.map((body, i) => ({
        messageId: `${tag}-${i}`,
        receiptHandle: '',
        body,
        attributes: { ApproximateReceiveCount: '1', SentTimestamp: '0', SenderId: 'bench', ApproximateFirstReceiveTimestamp: '0' },
        messageAttributes: {},
        md5OfBody: '',
        eventSource: 'aws:sqs',
        eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:bench-ticker',
        awsRegion: 'us-east-1',
      })),
    };
    return (await handler(event, lambdaContext('salesTicker'))) as SQSBatchResponse;
  };

  // Ten rounds (one per second): each round's orders in batches of 100, five invocations at once.
  const ids = [...paid.keys()];
  const perRound = Math.ceil(orders / 10);
  let failures = 0;
  const feedStart = performance.now();
  for (let round = 0; round < 10; round += 1) {
    const roundStart = performance.now();
    let pending = ids.slice(round * perRound, (round + 1) * perRound).map((orderId) => JSON.stringify({ orderId, sellerId }));
    for (let attempt = 0; pending.length; attempt += 1) {
      const batches = Array.from({ length: Math.ceil(pending.length / 100) }, (_, i) => pending.slice(i * 100, (i + 1) * 100));
      const retry: string[] = [];
      for (let i = 0; i < batches.length; i += 5) {
        const group = batches.slice(i, i + 5);
        const responses = await Promise.all(group.map((batch, j) => invoke(batch, `r${round}a${attempt}b${i + j}`)));
        responses.forEach((response, j) => {
          const failed = new Set(response.batchItemFailures.map((f) => f.itemIdentifier));
          failures += failed.size;
          group[j]!.forEach((body, k) => failed.has(`r${round}a${attempt}b${i + j}-${k}`) && retry.push(body));
        });
      }
      pending = retry;
    }
    const spare = 1000 - (performance.now() - roundStart);
    if (spare > 0) await sleep(spare);
  }
  const feedMs = performance.now() - feedStart;
  // Trailing orders: each delayed flush when it is due (as SQS DelaySeconds would deliver it).
  for (let n = 0; flushes.length && n < 1000; n += 1) {
    const flush = flushes.shift()!;
    const wait = flush.dueAt - Date.now();
    if (wait > 0) await sleep(wait);
    await invoke([JSON.stringify(flush)], `f${n}`);
  }
  const sum = events.reduce((total, e) => total + e.count, 0);
  const gaps = events.slice(1).map((e, i) => e.at - events[i]!.at);
  const spanSeconds = events.length > 1 ? (events.at(-1)!.at - events[0]!.at) / 1000 : 1;

  // Baseline: one counter item per room, one ADD per order, same concurrency (5 in flight).
  const baselineKey = { pk: `BENCH-COUNTER#${sellerId}`, sk: 'COUNT' };
  const baseline = writeCounter();
  const baselineStart = performance.now();
  for (let i = 0; i < orders; i += 5) {
    await Promise.all(
      Array.from({ length: Math.min(5, orders - i) }, async () => {
        await documents.send(new UpdateCommand({ TableName: liveTable, Key: baselineKey, UpdateExpression: 'ADD #c :one', ExpressionAttributeNames: { '#c': 'count' }, ExpressionAttributeValues: { ':one': 1 } }));
        baseline.add(keyOf(baselineKey));
      }),
    );
  }
  const baselineMs = performance.now() - baselineStart;
  const { Attributes } = await documents.send(
    new UpdateCommand({ TableName: liveTable, Key: baselineKey, UpdateExpression: 'ADD #c :zero', ExpressionAttributeNames: { '#c': 'count' }, ExpressionAttributeValues: { ':zero': 0 }, ReturnValues: 'ALL_NEW' }),
  );
  const baselineSum = Number(Attributes?.['count'] ?? 0);
  const busiest = writes.busiest();
  const baselineBusiest = baseline.busiest();
  return {
    paidOrders: orders,
    feedMs: Math.round(feedMs),
    eventsSent: events.length,
    eventsPerSecond: Number((events.length / Math.max(1, spanSeconds)).toFixed(3)),
    minGapMs: gaps.length ? Math.min(...gaps) : null,
    sumOfCount: sum,
    batchItemFailures: failures,
    busiestKey: { key: busiest.key.replace(sellerId, '{seller}'), writesPerSecond: busiest.writesPerSecond },
    baseline: {
      method: 'one counter item per room, one ADD per order (5 in flight)',
      wallMs: Math.round(baselineMs),
      sum: baselineSum,
      busiestKeyWritesPerSecond: baselineBusiest.writesPerSecond,
    },
    ratio: { busiestKeyWritesOverBaseline: Number((busiest.writesPerSecond / Math.max(1, baselineBusiest.writesPerSecond)).toFixed(4)) },
    sameResult: sum === orders && baselineSum === orders,
    ok: sum === orders && (gaps.length === 0 || Math.min(...gaps) >= 1000),
  };
}
