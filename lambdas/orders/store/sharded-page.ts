/**
 * One page of a list that is sharded over several index partitions, each read newest first (sort keys
 * descending and unique), with a bounded number of reads per shard and request. Pure: the store gives
 * the function that reads one page of one shard (one Query).
 *
 * A shard that stopped early (read budget spent, or DynamoDB's own page limit) was examined down to its
 * last evaluated sort key; below it lie items nobody has seen. So an item may be returned only when no
 * unseen item can be newer than it: when its sort key is at or above every unfinished shard's last
 * evaluated key (the frontier). The page holds the newest `limit` of those, and may hold fewer (even
 * none) when a rare filter left the shards with little to show: the cursor then resumes every shard
 * where its own reading must continue.
 */

/** Where a shard's next read starts. */
export type ShardStart =
  | { kind: 'top' }
  /** Strictly below this sort key: everything at or above it was examined and returned. */
  | { kind: 'below'; sk: string }
  /** At or below this sort key: the newest match of the shard that did not fit the page. */
  | { kind: 'atOrBelow'; sk: string }
  | { kind: 'done' };

export interface ShardRead<T> {
  /** The matches read from the shard (after any filter), with their sort keys. */
  matches: readonly { sk: string; item: T }[];
  /** The sort key of the last item DynamoDB evaluated when the shard has more to read; undefined when it is exhausted. */
  lastEvaluated: string | undefined;
}

export interface ShardedPage<T> {
  items: T[];
  /** Where each shard resumes (index = shard), or null when every shard is done. */
  next: ShardStart[] | null;
}

const newestFirst = (a: { sk: string }, b: { sk: string }) => (a.sk < b.sk ? 1 : a.sk > b.sk ? -1 : 0);

export function mergeShardReads<T>(reads: readonly ShardRead<T>[], limit: number): ShardedPage<T> {
  let frontier: string | undefined;
  for (const read of reads) {
    if (read.lastEvaluated !== undefined && (frontier === undefined || read.lastEvaluated > frontier)) frontier = read.lastEvaluated;
  }
  const perShard = reads.map((read) => [...read.matches].sort(newestFirst));
  const safe = perShard
    .flatMap((matches, shard) => matches.filter((match) => frontier === undefined || match.sk >= frontier).map((match) => ({ ...match, shard })))
    .sort(newestFirst)
    .slice(0, limit);

  // The returned matches of each shard are its newest ones: the shard resumes at its first one left over.
  const returned = new Array<number>(reads.length).fill(0);
  for (const match of safe) returned[match.shard]! += 1;
  const next = reads.map((read, shard): ShardStart => {
    const leftOver = perShard[shard]![returned[shard]!];
    if (leftOver) return { kind: 'atOrBelow', sk: leftOver.sk };
    if (read.lastEvaluated !== undefined) return { kind: 'below', sk: read.lastEvaluated };
    return { kind: 'done' };
  });
  return { items: safe.map((match) => match.item), next: next.every((start) => start.kind === 'done') ? null : next };
}

/**
 * Reads every unfinished shard, at most `pagesPerShard` pages each (fewer once a shard has `limit`
 * matches, since no more of them could be returned), and merges the reads into one page.
 */
export async function readShardedPage<T>(options: {
  starts: readonly ShardStart[];
  limit: number;
  pagesPerShard: number;
  /** One page of one shard from `start`, newest first: its matches and, unless the shard is exhausted, its last evaluated sort key. */
  readPage: (shard: number, start: ShardStart) => Promise<ShardRead<T>>;
}): Promise<ShardedPage<T>> {
  const reads = await Promise.all(
    options.starts.map(async (start, shard): Promise<ShardRead<T>> => {
      if (start.kind === 'done') return { matches: [], lastEvaluated: undefined };
      const matches: { sk: string; item: T }[] = [];
      let position = start;
      let lastEvaluated: string | undefined;
      for (let pages = 0; pages < options.pagesPerShard; pages += 1) {
        const page = await options.readPage(shard, position);
        matches.push(...page.matches);
        lastEvaluated = page.lastEvaluated;
        if (lastEvaluated === undefined || matches.length >= options.limit) break;
        // Sort keys are unique: continuing below the last evaluated one is DynamoDB's ExclusiveStartKey.
        position = { kind: 'below', sk: lastEvaluated };
      }
      return { matches, lastEvaluated };
    }),
  );
  return mergeShardReads(reads, options.limit);
}
