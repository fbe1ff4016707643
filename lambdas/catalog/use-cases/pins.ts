import { monotonicFactory } from 'ulid';
import { ApiError, conflict, notFound, outOfStock, validationFailed } from '../../core/errors';
import { logger } from '../../core/observability';
import { readyChannel } from '../domain/channel';
import { pinMetadataPayload, unpinMetadataPayload } from '../domain/pin-metadata';
import { pinView, planPin, type PinRequest } from '../domain/pins';
import { getChannel } from '../store/channels';
import { errorName } from '../store/ivs-errors';
import { putMetadata } from '../store/ivs';
import { deleteCurrentPin, savePin } from '../store/pins';
import { getProduct, readStock } from '../store/products';

const newPinId = monotonicFactory();

/**
 * Pins a product: the timed metadata goes out first, because PutMetadata is what tells whether the
 * channel is live (ChannelNotBroadcasting → 409, nothing stored); then the pin (and a flash pin's
 * stock shards) is stored, replacing the current one. If that write fails the client gets a 500 and
 * pins again; the next payload supersedes the first for viewers.
 */
export async function pinProduct(sellerId: string, request: PinRequest, now = new Date()) {
  const product = await getProduct(sellerId, request.productId);
  if (!product || product.status === 'ARCHIVED') throw notFound('Product');
  if (product.status !== 'ACTIVE') throw conflict('Only an ACTIVE product can be pinned');
  const channel = await getChannel(sellerId);
  const ready = channel && readyChannel(channel);
  if (!ready) throw conflict('The seller has no channel yet, so it is not broadcasting', 'CHANNEL_NOT_LIVE');

  const available = request.flashStock === undefined ? 0 : ((await readStock([product], true)).get(product.productId) ?? 0);
  const plan = planPin(request, product, available, newPinId(now.getTime()), now);
  if (!plan.ok && plan.reason === 'FLASH_PRICE_NOT_LOWER') {
    throw validationFailed('A flash price must be lower than the product price', [{ path: 'body.flashPriceFen', message: `Must be below ${plan.priceFen}` }]);
  }
  if (!plan.ok) throw outOfStock([{ productId: product.productId, requested: request.flashStock, available: plan.available }]);

  await putMetadata(ready.channelArn, pinMetadataPayload(plan.pin, product));
  await savePin(plan.pin);
  logger.info('Product pinned', { sellerId, pinId: plan.pin.pinId, productId: product.productId, flash: plan.pin.flashPriceFen !== null });
  return pinView(plan.pin);
}

/** Removes the pin; viewers are told when the channel is live (best effort: the pin's window ends it anyway). */
export async function unpin(sellerId: string): Promise<void> {
  const removed = await deleteCurrentPin(sellerId);
  if (!removed) return;
  const channel = await getChannel(sellerId);
  const ready = channel && readyChannel(channel);
  if (!ready) return;
  try {
    await putMetadata(ready.channelArn, unpinMetadataPayload(removed.pinId));
  } catch (error) {
    logger.info('Unpin not sent to viewers', { sellerId, pinId: removed.pinId, reason: error instanceof ApiError ? error.code : errorName(error) });
  }
}
