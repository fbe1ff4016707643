import type { ShardMove, ShardWrite } from '../../catalog/stock-moves';
import { flashSellable, holdsLapsedSetAside, holdsLiveSetAside, regularSellable, type ShardState } from '../../catalog/stock-shards';
import { allocate, totalAvailable, type Random, type ShardStock } from './allocation';
import type { StockTake } from './order';
import type { PricedLine } from './pricing';

/**
 * How a priced line becomes shard writes. Pure: the use case passes what it read.
 *
 * Every sale's write re-checks, on the shard it decrements, the offer the line was priced from: the
 * product is ACTIVE and, at the regular price, still has that price; at a flash price, the shard still
 * holds that pin's live set-aside. So a product hidden, archived or repriced after an instance cached
 * it, or a pin replaced or removed, cannot sell at the old terms; the write fails and `assessLine`
 * tells why.
 */

/** The writes for `takes` of `line`; `shards` (by shard number) when they were read, else the optimistic first try. */
export function saleWrites(line: PricedLine, takes: readonly StockTake[], shards: readonly (ShardState | undefined)[] | undefined, nowMs: number): ShardWrite[] {
  return takes.map((take) => ({ productId: line.productId, shard: take.shard, move: saleMove(line, take.quantity, shards?.[take.shard], nowMs) }));
}

function saleMove(line: PricedLine, quantity: number, shard: ShardState | undefined, nowMs: number): ShardMove {
  if (line.pool.kind === 'FLASH') return { kind: 'sellFlash', quantity, pinId: line.pool.id, nowMs };
  if (shard?.flashPinId !== undefined && holdsLapsedSetAside(shard, nowMs)) {
    return { kind: 'sellRegularReclaiming', quantity, priceFen: line.unitPriceFen, lapsedPinId: shard.flashPinId, nowMs };
  }
  return { kind: 'sellRegular', quantity, priceFen: line.unitPriceFen };
}

/** What the line can sell per shard now, at the price it was priced at. */
export function sellableShards(line: PricedLine, shards: readonly (ShardState | undefined)[], nowMs: number): ShardStock[] {
  return shards.map((shard, index) => ({
    shard: index,
    available: !shard ? 0 : line.pool.kind === 'FLASH' ? flashSellable(shard, line.pool.id, nowMs) : regularSellable(shard, nowMs),
  }));
}

export type LineAssessment =
  /** The product is no longer ACTIVE, its price is not the line's, or the line's pin no longer holds the shards. */
  | { kind: 'offerChanged' }
  | { kind: 'planned'; takes: StockTake[]; writes: ShardWrite[] }
  | { kind: 'short'; available: number };

/** The line against a fresh read of every shard of its product. */
export function assessLine(line: PricedLine, shards: readonly (ShardState | undefined)[], nowMs: number, random: Random): LineAssessment {
  const present = shards.filter((shard): shard is ShardState => shard !== undefined);
  const offerHolds = present.every(
    (shard) =>
      shard.status === 'ACTIVE' &&
      (line.pool.kind === 'FLASH' ? shard.flashPinId === line.pool.id && holdsLiveSetAside(shard, nowMs) : shard.priceFen === line.unitPriceFen),
  );
  if (!offerHolds) return { kind: 'offerChanged' };
  const sellable = sellableShards(line, shards, nowMs);
  const takes = allocate(sellable, line.quantity, random);
  if (!takes) return { kind: 'short', available: totalAvailable(sellable) };
  return { kind: 'planned', takes, writes: saleWrites(line, takes, shards, nowMs) };
}
