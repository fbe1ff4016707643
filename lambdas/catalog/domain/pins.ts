import type { PinItem, ProductItem } from '../model';
import type { ShardWrite } from '../stock-moves';

export const DEFAULT_PIN_SECONDS = 300;

export interface PinRequest {
  productId: string;
  flashPriceFen?: number | undefined;
  flashStock?: number | undefined;
  perBuyerLimit?: number | undefined;
  durationSeconds?: number | undefined;
}

export type PinPlan = { ok: true; pin: PinItem } | { ok: false; reason: 'FLASH_PRICE_NOT_LOWER'; priceFen: number };

/**
 * A pin of `product`, starting now. A flash pin (flashPriceFen + flashStock, validated together at the
 * edge) must undercut the regular price. Whether the product has the units is for `planSetAside`.
 */
export function planPin(request: PinRequest, product: ProductItem, pinId: string, now: Date): PinPlan {
  const flash = request.flashPriceFen !== undefined && request.flashStock !== undefined ? { priceFen: request.flashPriceFen, stock: request.flashStock } : undefined;
  if (flash && flash.priceFen >= product.priceFen) return { ok: false, reason: 'FLASH_PRICE_NOT_LOWER', priceFen: product.priceFen };
  const durationMs = (request.durationSeconds ?? DEFAULT_PIN_SECONDS) * 1000;
  return {
    ok: true,
    pin: {
      pinId,
      sellerId: product.sellerId,
      productId: product.productId,
      productTitle: product.title,
      flashPriceFen: flash?.priceFen ?? null,
      flashStock: flash?.stock ?? null,
      flashStockShards: flash ? product.stockShards : 0,
      perBuyerLimit: request.perBuyerLimit ?? null,
      startsAt: now.toISOString(),
      endsAt: new Date(now.getTime() + durationMs).toISOString(),
    },
  };
}

/**
 * How many units each shard sets aside for a flash pin of `units`, given each shard's unsold units, or
 * undefined when they hold fewer in all. As even as the shards allow (orders pick a shard at random),
 * never more than a shard holds: shards are filled from the smallest, each taking its fair share of
 * what is still to place.
 */
export function planSetAside(unsold: readonly number[], units: number): number[] | undefined {
  if (unsold.reduce((sum, n) => sum + Math.max(0, n), 0) < units) return undefined;
  const quotas = unsold.map(() => 0);
  const order = unsold.map((n, shard) => ({ shard, capacity: Math.max(0, n) })).sort((a, b) => a.capacity - b.capacity || a.shard - b.shard);
  let remaining = units;
  order.forEach(({ shard, capacity }, index) => {
    const take = Math.min(capacity, Math.ceil(remaining / (order.length - index)));
    quotas[shard] = take;
    remaining -= take;
  });
  return quotas;
}

const isFlash = (pin: PinItem | undefined): pin is PinItem => pin !== undefined && pin.flashStock !== null;

/**
 * The shard writes that go with replacing pin `current` by `next` (undefined: removing it), in the same
 * transaction as the pin item: the new pin's set-aside (`quotas`, per shard of its product) and the
 * release of the old pin's. On the same product the new set-aside releases the old in the same write.
 */
export function pinChangeMoves(current: PinItem | undefined, next: PinItem | undefined, quotas: readonly number[] | undefined): ShardWrite[] {
  const writes: ShardWrite[] = [];
  if (isFlash(next)) {
    if (!quotas || quotas.length !== next.flashStockShards) throw new RangeError('A flash pin needs one quota per shard of its product');
    const untilMs = Date.parse(next.endsAt);
    quotas.forEach((units, shard) => writes.push({ productId: next.productId, shard, move: { kind: 'setAside', pinId: next.pinId, untilMs, units } }));
  }
  if (isFlash(current) && !(isFlash(next) && next.productId === current.productId)) {
    for (let shard = 0; shard < current.flashStockShards; shard++) {
      writes.push({ productId: current.productId, shard, move: { kind: 'release', pinId: current.pinId } });
    }
  }
  return writes;
}

export const pinView = (pin: PinItem) => ({
  pinId: pin.pinId,
  productId: pin.productId,
  flashPriceFen: pin.flashPriceFen,
  flashStock: pin.flashStock,
  perBuyerLimit: pin.perBuyerLimit,
  startsAt: pin.startsAt,
  endsAt: pin.endsAt,
});

export const pinIsActive = (pin: Pick<PinItem, 'startsAt' | 'endsAt'>, now: Date) =>
  Date.parse(pin.startsAt) <= now.getTime() && now.getTime() < Date.parse(pin.endsAt);
