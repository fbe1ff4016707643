import { describe, expect, it } from 'vitest';
import { mergeShardReads, readShardedPage, type ShardedPage, type ShardStart } from '../../../lambdas/orders/store/sharded-page';
import { seededRandom } from '../../../scripts/seeded-random';

interface Row {
  sk: string;
  rare: boolean;
}

/** In-memory shards answering like a DynamoDB Query: newest first, `pageItems` evaluated, then filtered. */
function inMemoryShards(shards: Row[][], pageItems: number, onlyRare: boolean) {
  let reads = 0;
  const readPage = async (shard: number, start: ShardStart) => {
    reads += 1;
    const below = shards[shard]!.filter((row) =>
      start.kind === 'below' ? row.sk < start.sk : start.kind === 'atOrBelow' ? row.sk <= start.sk : start.kind === 'top',
    );
    const evaluated = below.slice(0, pageItems);
    const more = below.length > pageItems;
    return {
      matches: evaluated.filter((row) => !onlyRare || row.rare).map((row) => ({ sk: row.sk, item: row.sk })),
      lastEvaluated: more ? evaluated.at(-1)!.sk : undefined,
    };
  };
  return { readPage, reads: () => reads };
}

function randomShards(seed: number, shardCount: number, rows: number, rareShare: number): Row[][] {
  const random = seededRandom(seed);
  const shards: Row[][] = Array.from({ length: shardCount }, () => []);
  for (let n = 0; n < rows; n += 1) {
    const sk = `${String(Math.floor(random() * 1e9)).padStart(9, '0')}#${String(n).padStart(6, '0')}`;
    shards[Math.floor(random() * shardCount)]!.push({ sk, rare: random() < rareShare });
  }
  for (const shard of shards) shard.sort((a, b) => (a.sk < b.sk ? 1 : -1));
  return shards;
}

async function pageThrough(shards: Row[][], options: { limit: number; pagesPerShard: number; pageItems: number; onlyRare: boolean }) {
  const store = inMemoryShards(shards, options.pageItems, options.onlyRare);
  const seen: string[] = [];
  const readsPerRequest: number[] = [];
  let starts: ShardStart[] | null = shards.map(() => ({ kind: 'top' }));
  while (starts) {
    const before = store.reads();
    const page: ShardedPage<string> = await readShardedPage({ starts, limit: options.limit, pagesPerShard: options.pagesPerShard, readPage: store.readPage });
    readsPerRequest.push(store.reads() - before);
    expect(page.items.length).toBeLessThanOrEqual(options.limit);
    seen.push(...page.items);
    starts = page.next;
    if (readsPerRequest.length > 10_000) throw new Error('no progress');
  }
  return { seen, readsPerRequest };
}

describe('sharded list pages under a read budget', () => {
  it.each([
    { name: 'a rare filter (1 in 200)', rows: 4000, rareShare: 0.005, onlyRare: true, limit: 20 },
    { name: 'a common filter (1 in 3)', rows: 1500, rareShare: 0.33, onlyRare: true, limit: 7 },
    { name: 'no filter', rows: 900, rareShare: 0, onlyRare: false, limit: 20 },
    { name: 'a filter nothing matches', rows: 600, rareShare: 0, onlyRare: true, limit: 20 },
  ])('$name: every match once, newest first across pages, each request within the budget', async ({ rows, rareShare, onlyRare, limit }) => {
    const shards = randomShards(rows, 16, rows, rareShare);
    const budget = { limit, pagesPerShard: 2, pageItems: 25, onlyRare };
    const { seen, readsPerRequest } = await pageThrough(shards, budget);
    const expected = shards
      .flat()
      .filter((row) => !onlyRare || row.rare)
      .map((row) => row.sk)
      .sort()
      .reverse();
    expect(seen).toEqual(expected);
    expect(Math.max(...readsPerRequest)).toBeLessThanOrEqual(16 * budget.pagesPerShard);
  });

  it('a rare filter gives short pages with a cursor instead of reading whole partitions', async () => {
    const shards = randomShards(7, 16, 4000, 0.005);
    const { readsPerRequest } = await pageThrough(shards, { limit: 20, pagesPerShard: 2, pageItems: 25, onlyRare: true });
    // 4000 rows over 16 shards at most 2 x 25 per shard per request: the list needs several requests.
    expect(readsPerRequest.length).toBeGreaterThan(4);
  });
});

describe('mergeShardReads', () => {
  const match = (sk: string) => ({ sk, item: sk });

  it('returns only what no unread item can precede, and resumes each shard where its own reading stopped', () => {
    const page = mergeShardReads(
      [
        { matches: [match('90'), match('40')], lastEvaluated: '30' }, // read down to 30
        { matches: [match('80')], lastEvaluated: '60' }, // read only down to 60: the frontier
        { matches: [match('70'), match('20')], lastEvaluated: undefined }, // exhausted
      ],
      10,
    );
    // Shard 1 may still hold anything below 60: 40 and 20 must wait.
    expect(page.items).toEqual(['90', '80', '70']);
    expect(page.next).toEqual([
      { kind: 'atOrBelow', sk: '40' },
      { kind: 'below', sk: '60' },
      { kind: 'atOrBelow', sk: '20' },
    ]);
  });

  it('a full page resumes every shard after its last returned match; exhausted shards are done', () => {
    const page = mergeShardReads(
      [
        { matches: [match('90'), match('50')], lastEvaluated: undefined },
        { matches: [match('80'), match('70')], lastEvaluated: undefined },
      ],
      3,
    );
    expect(page.items).toEqual(['90', '80', '70']);
    expect(page.next).toEqual([{ kind: 'atOrBelow', sk: '50' }, { kind: 'done' }]);
  });

  it('an empty page keeps a cursor while any shard has more, and none once all are done', () => {
    expect(mergeShardReads([{ matches: [], lastEvaluated: '10' }, { matches: [], lastEvaluated: undefined }], 5)).toEqual({
      items: [],
      next: [{ kind: 'below', sk: '10' }, { kind: 'done' }],
    });
    expect(mergeShardReads([{ matches: [match('10')], lastEvaluated: undefined }], 5)).toEqual({ items: ['10'], next: null });
  });
});
