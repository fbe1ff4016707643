import type { PinItem } from '../../catalog/model';
import type { StockPool } from './order';

/** The catalog facts pricing needs (a subset of the catalog's ProductItem and PinItem). */
export interface PricingProduct {
  productId: string;
  title: string;
  priceFen: number;
  stockShards: number;
}

/** What pricing needs of the catalog's current pin. */
export type PricingPin = Pick<PinItem, 'pinId' | 'productId' | 'flashPriceFen' | 'flashStock' | 'perBuyerLimit' | 'startsAt' | 'endsAt'>;

export interface PricedLine {
  productId: string;
  title: string;
  quantity: number;
  unitPriceFen: number;
  lineTotalFen: number;
  pool: StockPool;
}

/** The pin applies to `productId` at `now` (its window is half-open: [startsAt, endsAt)). */
export function pinAppliesTo(pin: PricingPin | undefined, productId: string, now: string): pin is PricingPin {
  if (!pin || pin.productId !== productId) return false;
  const at = Date.parse(now);
  return Date.parse(pin.startsAt) <= at && at < Date.parse(pin.endsAt);
}

export const regularPool = (product: PricingProduct): StockPool => ({ kind: 'REGULAR', id: product.productId, shards: product.stockShards });

/**
 * Prices one line. Within an active flash pin the line is sold at the flash price out of the units the
 * pin set aside on the product's shards, unless they cannot cover the whole line (`flashExhausted`):
 * then it is sold at the regular price out of the units not set aside. A line is never split between
 * the two prices.
 */
export function priceLine(
  product: PricingProduct,
  quantity: number,
  pin: PricingPin | undefined,
  now: string,
  flashExhausted = false,
): PricedLine {
  let unitPriceFen = product.priceFen;
  let pool = regularPool(product);
  if (pinAppliesTo(pin, product.productId, now) && pin.flashPriceFen !== null && pin.flashStock !== null && !flashExhausted) {
    unitPriceFen = pin.flashPriceFen;
    pool = { kind: 'FLASH', id: pin.pinId, shards: product.stockShards };
  }
  return { productId: product.productId, title: product.title, quantity, unitPriceFen, lineTotalFen: unitPriceFen * quantity, pool };
}

export const orderTotal = (lines: readonly { lineTotalFen: number }[]) => lines.reduce((sum, line) => sum + line.lineTotalFen, 0);
export const unitCount = (lines: readonly { quantity: number }[]) => lines.reduce((sum, line) => sum + line.quantity, 0);
