import { BatchWriteCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { documentClient } from '../../core/aws/dynamodb';
import { itemDecoder } from '../../core/item-decoder';
import type { CountyDay, DayAggregates, SellerDay } from '../domain/day-aggregates';
import { COUNTY_DAY_CHUNK_IDS, countyDayPk, countyDaySk, sellerDayPk, sellerDaySk } from '../model';
import type { AggregateReads, AggregateStore } from '../use-cases/ports';

const count = z.number().int().nonnegative();
const decodeSellerDay = itemDecoder('seller day', z.object({ sellerId: z.string().min(1), countyCode: z.string(), day: z.string(), orders: count, units: count, gmvFen: count }));
const decodeCountyDayChunk = itemDecoder(
  'county day',
  z.object({ countyCode: z.string(), day: z.string(), chunk: count, orders: count, units: count, gmvFen: count, buyerIds: z.array(z.string()), sellerIds: z.array(z.string()) }),
);
type CountyDayChunk = ReturnType<typeof decodeCountyDayChunk>;

type Key = { pk: string; sk: string };
type WriteRequest = { PutRequest: { Item: Record<string, unknown> } } | { DeleteRequest: { Key: Key } };

const BATCH = 25;
const MAX_ATTEMPTS = 9;
// Parallel Queries per run: enough to hide latency, few enough to stay inside a partition's throughput.
const QUERY_CONCURRENCY = 16;
const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function chunksOf(county: CountyDay): CountyDayChunk[] {
  const n = Math.max(1, Math.ceil(county.buyerIds.length / COUNTY_DAY_CHUNK_IDS), Math.ceil(county.sellerIds.length / COUNTY_DAY_CHUNK_IDS));
  return Array.from({ length: n }, (_, chunk) => ({
    countyCode: county.countyCode,
    day: county.day,
    chunk,
    // Totals live on chunk 0 only, so summing every chunk sums each county day once.
    orders: chunk === 0 ? county.orders : 0,
    units: chunk === 0 ? county.units : 0,
    gmvFen: chunk === 0 ? county.gmvFen : 0,
    buyerIds: county.buyerIds.slice(chunk * COUNTY_DAY_CHUNK_IDS, (chunk + 1) * COUNTY_DAY_CHUNK_IDS),
    sellerIds: county.sellerIds.slice(chunk * COUNTY_DAY_CHUNK_IDS, (chunk + 1) * COUNTY_DAY_CHUNK_IDS),
  }));
}

/** Runs `task` over `inputs` with at most `limit` in flight, results in input order. */
async function mapLimited<T, R>(inputs: readonly T[], limit: number, task: (input: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(inputs.length);
  let next = 0;
  const worker = async () => {
    while (next < inputs.length) {
      const index = next++;
      results[index] = await task(inputs[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, inputs.length) }, worker));
  return results;
}

export function createAggregateStore(options: { tableName: string; client?: DynamoDBDocumentClient }): AggregateStore {
  const client = options.client ?? documentClient;
  const table = options.tableName;

  async function queryAll(pk: string, keysOnly = false): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await client.send(
        new QueryCommand({
          TableName: table,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': pk },
          ...(keysOnly ? { ProjectionExpression: 'pk, sk' } : {}),
          ExclusiveStartKey: startKey,
        }),
      );
      items.push(...(page.Items ?? []));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return items;
  }

  async function batchWrite(requests: readonly WriteRequest[]): Promise<void> {
    const chunks: WriteRequest[][] = [];
    for (let start = 0; start < requests.length; start += BATCH) chunks.push(requests.slice(start, start + BATCH));
    await mapLimited(chunks, QUERY_CONCURRENCY, async (chunk) => {
      let pending: Record<string, unknown>[] = chunk;
      for (let attempt = 0; pending.length > 0; attempt += 1) {
        if (attempt >= MAX_ATTEMPTS) throw new Error(`BatchWriteItem on ${table} left ${pending.length} request(s) unprocessed`);
        if (attempt > 0) await pause(Math.min(1000, 25 * 2 ** attempt));
        const result = await client.send(new BatchWriteCommand({ RequestItems: { [table]: pending } }));
        pending = result.UnprocessedItems?.[table] ?? [];
      }
    });
  }

  const put = (item: Record<string, unknown>): WriteRequest => ({ PutRequest: { Item: item } });
  const del = (key: Key): WriteRequest => ({ DeleteRequest: { Key: key } });
  const asKey = (item: Record<string, unknown>): Key => ({ pk: String(item['pk']), sk: String(item['sk']) });

  return {
    /**
     * Makes the stored aggregates of `day` exactly `aggregates`, whatever was there. The county-day
     * chunks are the manifest of the day's seller partitions, so the order of writes keeps every
     * stored item findable if a run stops half-way (the next run then converges): new chunks first,
     * then each county's seller items (put the new set, delete the sellers no longer in it), and the
     * stale chunks (counties and chunk numbers no longer there) last.
     */
    async replaceDay(aggregates: DayAggregates): Promise<void> {
      const { day } = aggregates;
      const oldChunks = (await queryAll(countyDayPk(day), true)).map(asKey);
      const oldCounties = new Set(oldChunks.map((key) => key.sk.split('#')[1]!));
      const newChunks = aggregates.counties.flatMap(chunksOf).map((chunk) => ({ pk: countyDayPk(day), sk: countyDaySk(chunk.countyCode, chunk.chunk), ...chunk }));
      await batchWrite(newChunks.map(put));

      const sellersByCounty = new Map<string, SellerDay[]>();
      for (const seller of aggregates.sellers) sellersByCounty.set(seller.countyCode, [...(sellersByCounty.get(seller.countyCode) ?? []), seller]);
      const counties = new Set([...oldCounties, ...sellersByCounty.keys()]);
      await mapLimited([...counties], QUERY_CONCURRENCY, async (countyCode) => {
        const pk = sellerDayPk(countyCode, day);
        const fresh = sellersByCounty.get(countyCode) ?? [];
        const keep = new Set(fresh.map((seller) => sellerDaySk(seller.sellerId)));
        const stale = (await queryAll(pk, true)).map(asKey).filter((key) => !keep.has(key.sk));
        await batchWrite([...fresh.map((seller) => put({ pk, sk: sellerDaySk(seller.sellerId), ...seller })), ...stale.map(del)]);
      });

      const written = new Set(newChunks.map((chunk) => chunk.sk));
      await batchWrite(oldChunks.filter((key) => !written.has(key.sk)).map(del));
    },

    async countyDaysOf(days: readonly string[]): Promise<AggregateReads<CountyDay>> {
      const perDay = await mapLimited(days, QUERY_CONCURRENCY, async (day) => (await queryAll(countyDayPk(day))).map(decodeCountyDayChunk));
      const chunks = perDay.flat();
      // Chunks of one county day join back into one record.
      const joined = new Map<string, CountyDay>();
      for (const chunk of chunks) {
        const key = `${chunk.day}#${chunk.countyCode}`;
        const seen = joined.get(key) ?? { countyCode: chunk.countyCode, day: chunk.day, orders: 0, units: 0, gmvFen: 0, buyerIds: [], sellerIds: [] };
        joined.set(key, {
          ...seen,
          orders: seen.orders + chunk.orders,
          units: seen.units + chunk.units,
          gmvFen: seen.gmvFen + chunk.gmvFen,
          buyerIds: [...seen.buyerIds, ...chunk.buyerIds],
          sellerIds: [...seen.sellerIds, ...chunk.sellerIds],
        });
      }
      return { items: [...joined.values()], itemsRead: chunks.length, queries: days.length };
    },

    async sellerDaysOf(countyCode: string, days: readonly string[]): Promise<AggregateReads<SellerDay>> {
      const perDay = await mapLimited(days, QUERY_CONCURRENCY, async (day) => (await queryAll(sellerDayPk(countyCode, day))).map(decodeSellerDay));
      const items = perDay.flat();
      return { items, itemsRead: items.length, queries: days.length };
    },
  };
}
