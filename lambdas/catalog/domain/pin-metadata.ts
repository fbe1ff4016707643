import type { PinItem, ProductItem } from '../model';

/** IVS's limit for one PutMetadata payload. */
export const METADATA_MAX_BYTES = 1024;
const ELLIPSIS = '…';

const encoder = new TextEncoder();
const utf8Bytes = (text: string) => encoder.encode(text).length;
/** Bytes a string adds inside a JSON string literal (escapes included). */
const jsonStringBytes = (text: string) => utf8Bytes(JSON.stringify(text)) - 2;

/**
 * The longest prefix of `text` whose JSON-escaped UTF-8 form fits in `maxBytes`, cut between code
 * points (never inside a UTF-8 sequence or a surrogate pair), with an ellipsis when it was cut.
 */
export function truncateJsonString(text: string, maxBytes: number): string {
  if (jsonStringBytes(text) <= maxBytes) return text;
  const budget = maxBytes - utf8Bytes(ELLIPSIS);
  let kept = '';
  let used = 0;
  for (const codePoint of text) {
    const size = jsonStringBytes(codePoint);
    if (used + size > budget) break;
    kept += codePoint;
    used += size;
  }
  return budget >= 0 ? kept + ELLIPSIS : '';
}

export type PinnedProduct = Pick<ProductItem, 'title' | 'priceFen' | 'unit'>;

/**
 * The timed-metadata payload viewers receive when a product is pinned: compact JSON, at most 1 KiB
 * whatever the title (the only unbounded field), so PutMetadata never rejects it.
 */
export function pinMetadataPayload(pin: PinItem, product: PinnedProduct): string {
  const message = {
    v: 1,
    type: 'pin',
    pinId: pin.pinId,
    productId: pin.productId,
    title: '',
    priceFen: product.priceFen,
    unit: product.unit,
    flashPriceFen: pin.flashPriceFen,
    flashStock: pin.flashStock,
    perBuyerLimit: pin.perBuyerLimit,
    endsAt: pin.endsAt,
  };
  const budget = METADATA_MAX_BYTES - utf8Bytes(JSON.stringify(message));
  message.title = truncateJsonString(product.title, budget);
  return JSON.stringify(message);
}

export const unpinMetadataPayload = (pinId: string) => JSON.stringify({ v: 1, type: 'unpin', pinId });
