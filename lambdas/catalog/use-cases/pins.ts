import { monotonicFactory } from 'ulid';
import { ApiError, conflict, notFound, outOfStock, validationFailed } from '../../core/errors';
import { logger } from '../../core/observability';
import { readyChannel } from '../domain/channel';
import { pinMetadataPayload, unpinMetadataPayload } from '../domain/pin-metadata';
import { pinChangeMoves, pinView, planPin, planSetAside, type PinRequest } from '../domain/pins';
import type { PinItem, ProductItem } from '../model';
import { errorName } from '../store/ivs-errors';
import type { Channels, Ivs, Pins, Products } from './ports';

export interface PinDeps {
  products: Pick<Products, 'getProduct' | 'readShards'>;
  channels: Pick<Channels, 'getChannel'>;
  pins: Pick<Pins, 'getCurrentPin' | 'changePin'>;
  ivs: Pick<Ivs, 'putMetadata'>;
}

const newPinId = monotonicFactory();

/** Orders may write the shards between our read and our write; each lost race is retried from a fresh read. */
const PIN_WRITE_ATTEMPTS = 6;
const pause = (attempt: number) => new Promise((resolve) => setTimeout(resolve, 20 * 2 ** attempt * (0.5 + Math.random())));

async function pinnableProduct({ products }: PinDeps, sellerId: string, productId: string): Promise<ProductItem> {
  const product = await products.getProduct(sellerId, productId);
  if (!product || product.status === 'ARCHIVED') throw notFound('Product');
  if (product.status !== 'ACTIVE') throw conflict('Only an ACTIVE product can be pinned');
  return product;
}

/** Per shard, the units a flash pin of `pin` sets aside; 409 OUT_OF_STOCK when the product has fewer unsold. */
async function setAsideQuotas({ products }: PinDeps, product: ProductItem, pin: PinItem): Promise<number[] | undefined> {
  if (pin.flashStock === null) return undefined;
  const unsold = (await products.readShards(product, true)).map((shard) => shard?.unsold ?? 0);
  const quotas = planSetAside(unsold, pin.flashStock);
  if (!quotas) throw outOfStock([{ productId: product.productId, requested: pin.flashStock, available: unsold.reduce((a, b) => a + b, 0) }]);
  return quotas;
}

/**
 * Pins a product, replacing the current pin. A flash pin sets its units aside from the product's
 * unsold stock, and the replaced pin's unsold units go back, in the one transaction that writes the
 * pin (see domain/pins.ts). The timed metadata goes out before that write, because PutMetadata is what
 * tells whether the channel is live (ChannelNotBroadcasting → 409, nothing stored); if the write then
 * fails for good, viewers are told that the pin is void (best effort).
 */
export async function pinProduct(deps: PinDeps, sellerId: string, request: PinRequest, now = new Date()) {
  const { channels, pins, ivs } = deps;
  let product = await pinnableProduct(deps, sellerId, request.productId);
  const channel = await channels.getChannel(sellerId);
  const ready = channel && readyChannel(channel);
  if (!ready) throw conflict('The seller has no channel yet, so it is not broadcasting', 'CHANNEL_NOT_LIVE');

  const plan = planPin(request, product, newPinId(now.getTime()), now);
  if (!plan.ok) {
    throw validationFailed('A flash price must be lower than the product price', [{ path: 'body.flashPriceFen', message: `Must be below ${plan.priceFen}` }]);
  }
  const { pin } = plan;
  let quotas = await setAsideQuotas(deps, product, pin);
  await ivs.putMetadata(ready.channelArn, pinMetadataPayload(pin, product));
  try {
    for (let attempt = 0; attempt < PIN_WRITE_ATTEMPTS; attempt++) {
      if (attempt > 0) {
        await pause(attempt);
        product = await pinnableProduct(deps, sellerId, request.productId);
        quotas = await setAsideQuotas(deps, product, pin);
      }
      const current = await pins.getCurrentPin(sellerId);
      const outcome = await pins.changePin({ sellerId, current, next: pin, shardWrites: pinChangeMoves(current, pin, quotas) });
      if (outcome === 'saved') {
        logger.info('Product pinned', { sellerId, pinId: pin.pinId, productId: product.productId, flash: pin.flashPriceFen !== null, replaced: current?.pinId });
        return pinView(pin);
      }
    }
    throw conflict('The product is selling fast and its stock kept changing; retry');
  } catch (error) {
    await tellViewers(ivs, ready.channelArn, sellerId, pin.pinId);
    throw error;
  }
}

/** Removes the pin (its unsold flash units go back to the product); viewers are told when the channel is live. */
export async function unpin({ channels, pins, ivs }: Pick<PinDeps, 'channels' | 'pins' | 'ivs'>, sellerId: string): Promise<void> {
  for (let attempt = 0; attempt < PIN_WRITE_ATTEMPTS; attempt++) {
    if (attempt > 0) await pause(attempt);
    const current = await pins.getCurrentPin(sellerId);
    if (!current) return;
    const outcome = await pins.changePin({ sellerId, current, next: undefined, shardWrites: pinChangeMoves(current, undefined, undefined) });
    if (outcome !== 'saved') continue;
    const channel = await channels.getChannel(sellerId);
    const ready = channel && readyChannel(channel);
    if (ready) await tellViewers(ivs, ready.channelArn, sellerId, current.pinId);
    return;
  }
  throw conflict('The pinned product is selling fast and its stock kept changing; retry');
}

/** Best effort: the pin's window ends it for viewers anyway. */
async function tellViewers(ivs: PinDeps['ivs'], channelArn: string, sellerId: string, pinId: string): Promise<void> {
  try {
    await ivs.putMetadata(channelArn, unpinMetadataPayload(pinId));
  } catch (error) {
    logger.info('Unpin not sent to viewers', { sellerId, pinId, reason: error instanceof ApiError ? error.code : errorName(error) });
  }
}
