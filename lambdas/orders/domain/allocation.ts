import { LRUCache } from 'lru-cache';
import type { StockTake } from './order';

/**
 * Which stock shards an order line decrements. Pure: the caller passes the randomness.
 *
 * The first attempt takes the whole line from one shard chosen at random (no read: the conditional
 * decrement `available >= q` is the check), which spreads a flash sale evenly over the shards. Only when
 * that fails does the caller read every shard and call `allocate`, which still sells the last units when
 * they are scattered over several shards.
 */
export interface ShardStock {
  shard: number;
  available: number;
}

export type Random = () => number;

const pick = <T>(values: readonly T[], random: Random): T => values[Math.min(values.length - 1, Math.floor(random() * values.length))]!;

/** The optimistic first try: the whole quantity from one random shard, avoiding shards known to be short. */
export function firstAttempt(shards: number, quantity: number, random: Random, knownShort: ReadonlySet<number> = new Set()): StockTake[] {
  const all = Array.from({ length: shards }, (_, shard) => shard);
  const candidates = all.filter((shard) => !knownShort.has(shard));
  return [{ shard: pick(candidates.length ? candidates : all, random), quantity }];
}

export const totalAvailable = (shards: readonly ShardStock[]) => shards.reduce((sum, shard) => sum + Math.max(0, shard.available), 0);

/**
 * A plan from a fresh read of every shard, or undefined when they hold fewer than `quantity` units in all.
 * One random shard that can cover the whole line is preferred (one item in the transaction, load spread);
 * otherwise the fullest shards are drained first, so the plan touches as few items as possible.
 */
export function allocate(shards: readonly ShardStock[], quantity: number, random: Random): StockTake[] | undefined {
  if (totalAvailable(shards) < quantity) return undefined;
  const whole = shards.filter((shard) => shard.available >= quantity);
  if (whole.length) return [{ shard: pick(whole, random).shard, quantity }];
  const takes: StockTake[] = [];
  let remaining = quantity;
  for (const shard of [...shards].sort((a, b) => b.available - a.available || a.shard - b.shard)) {
    if (remaining === 0) break;
    const take = Math.min(shard.available, remaining);
    if (take <= 0) continue;
    takes.push({ shard: shard.shard, quantity: take });
    remaining -= take;
  }
  return takes;
}

/**
 * What this instance last saw of each stock pool, for a short while. Only a hint: it steers the first
 * attempt away from shards that looked empty, and when the whole pool looked short it makes the use case
 * read before it writes (a failed transaction costs more than a read). The conditional write stays the
 * only judge of what is really there.
 */
export class StockHints {
  // Bounded: the least recently used pools go first (their age is checked against `clock` below).
  private readonly seen = new LRUCache<string, { at: number; shards: ShardStock[] }>({ max: 10_000 });

  constructor(
    private readonly ttlMs = 1000,
    private readonly clock: () => number = Date.now,
  ) {}

  remember(pool: string, shards: readonly ShardStock[]): void {
    this.seen.set(pool, { at: this.clock(), shards: shards.map((shard) => ({ ...shard })) });
  }

  private fresh(pool: string): ShardStock[] | undefined {
    const entry = this.seen.get(pool);
    if (!entry) return undefined;
    if (this.clock() - entry.at > this.ttlMs) {
      this.seen.delete(pool);
      return undefined;
    }
    return entry.shards;
  }

  /** Shards that looked unable to cover `quantity`. */
  shortShards(pool: string, quantity: number): Set<number> {
    return new Set((this.fresh(pool) ?? []).filter((shard) => shard.available < quantity).map((shard) => shard.shard));
  }

  /** True when the whole pool looked short of `quantity` a moment ago. */
  looksShort(pool: string, quantity: number): boolean {
    const shards = this.fresh(pool);
    return shards !== undefined && totalAvailable(shards) < quantity;
  }

  /** Our own successful decrements, so the hint does not go stale in our favour. */
  took(pool: string, takes: readonly StockTake[]): void {
    const shards = this.fresh(pool);
    if (!shards) return;
    for (const take of takes) {
      const shard = shards.find((s) => s.shard === take.shard);
      if (shard) shard.available = Math.max(0, shard.available - take.quantity);
    }
  }
}
