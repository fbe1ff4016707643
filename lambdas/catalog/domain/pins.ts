import type { PinItem, ProductItem } from '../model';

export const DEFAULT_PIN_SECONDS = 300;
/** Flash stock shards outlive the pin's window a while, for late cancellations; then TTL removes them. */
export const FLASH_SHARD_RETENTION_SECONDS = 7 * 24 * 3600;

export interface PinRequest {
  productId: string;
  flashPriceFen?: number | undefined;
  flashStock?: number | undefined;
  perBuyerLimit?: number | undefined;
  durationSeconds?: number | undefined;
}

export type PinPlan =
  | { ok: true; pin: PinItem }
  | { ok: false; reason: 'FLASH_PRICE_NOT_LOWER'; priceFen: number }
  | { ok: false; reason: 'FLASH_STOCK_EXCEEDS_STOCK'; available: number };

/**
 * A pin of `product`, starting now. A flash pin (flashPriceFen + flashStock) must undercut the regular
 * price and cannot promise more units than the product has; its units are split over as many shards
 * as the product's stock, so a flash sale spreads its writes the same way.
 */
export function planPin(request: PinRequest, product: ProductItem, availableStock: number, pinId: string, now: Date): PinPlan {
  const isFlash = request.flashPriceFen !== undefined;
  if (isFlash && request.flashPriceFen! >= product.priceFen) {
    return { ok: false, reason: 'FLASH_PRICE_NOT_LOWER', priceFen: product.priceFen };
  }
  if (isFlash && request.flashStock! > availableStock) {
    return { ok: false, reason: 'FLASH_STOCK_EXCEEDS_STOCK', available: availableStock };
  }
  const durationMs = (request.durationSeconds ?? DEFAULT_PIN_SECONDS) * 1000;
  return {
    ok: true,
    pin: {
      pinId,
      sellerId: product.sellerId,
      productId: product.productId,
      productTitle: product.title,
      flashPriceFen: isFlash ? request.flashPriceFen! : null,
      flashStock: isFlash ? request.flashStock! : null,
      flashStockShards: isFlash ? product.stockShards : 0,
      perBuyerLimit: request.perBuyerLimit ?? null,
      startsAt: now.toISOString(),
      endsAt: new Date(now.getTime() + durationMs).toISOString(),
    },
  };
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
