import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { METADATA_MAX_BYTES, pinMetadataPayload, truncateJsonString, unpinMetadataPayload } from '../../../lambdas/catalog/domain/pin-metadata';
import type { PinItem } from '../../../lambdas/catalog/model';

const pin: PinItem = {
  pinId: '01JABCDEFGHJKMNPQRSTVWXYZ0',
  sellerId: 'zhang',
  productId: '01JABCDEFGHJKMNPQRSTVWXYZ1',
  flashPriceFen: 9_999_999,
  flashStock: 1_000_000,
  flashStockShards: 32,
  perBuyerLimit: 99,
  startsAt: '2026-06-01T08:00:00.000Z',
  endsAt: '2026-06-01T08:20:00.000Z',
};
const product = { title: '曹县西瓜', priceFen: 10_000_000, unit: 'jin' as const };
const bytes = (text: string) => Buffer.byteLength(text, 'utf8');

describe('pin metadata payload', () => {
  it('carries what viewers need, compactly', () => {
    const payload = JSON.parse(pinMetadataPayload(pin, product));
    expect(payload).toEqual({
      v: 1,
      type: 'pin',
      pinId: pin.pinId,
      productId: pin.productId,
      title: '曹县西瓜',
      priceFen: 10_000_000,
      unit: 'jin',
      flashPriceFen: 9_999_999,
      flashStock: 1_000_000,
      perBuyerLimit: 99,
      endsAt: pin.endsAt,
    });
  });

  it('a 300-character Chinese title is cut by bytes to fit 1 KiB, with an ellipsis', () => {
    const title = '黄'.repeat(300);
    const payload = pinMetadataPayload(pin, { ...product, title });
    expect(bytes(payload)).toBeLessThanOrEqual(METADATA_MAX_BYTES);
    expect(bytes(payload)).toBeGreaterThan(METADATA_MAX_BYTES - 3);
    const { title: sent } = JSON.parse(payload);
    expect(sent).toMatch(/^黄+…$/);
  });

  it('never exceeds 1 KiB, stays valid JSON and sends a code-point prefix of any title', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 600 }), fc.string({ unit: 'binary', maxLength: 400 }), (a, b) => {
        for (const title of [a, b, a + b]) {
          const payload = pinMetadataPayload(pin, { ...product, title });
          expect(bytes(payload)).toBeLessThanOrEqual(METADATA_MAX_BYTES);
          const sent: string = JSON.parse(payload).title;
          const kept = sent.endsWith('…') && sent !== title ? sent.slice(0, -1) : sent;
          expect([...title].slice(0, [...kept].length).join('')).toBe(kept);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('an unpin is tiny', () => {
    expect(JSON.parse(unpinMetadataPayload('p1'))).toEqual({ v: 1, type: 'unpin', pinId: 'p1' });
  });
});

describe('truncateJsonString', () => {
  it('keeps a string that fits', () => {
    expect(truncateJsonString('西瓜', 6)).toBe('西瓜');
  });

  it('never splits a multi-byte character or a surrogate pair', () => {
    expect(truncateJsonString('西瓜甜', 8)).toBe('西…'); // 3 + 3 (…) ≤ 8, a second 西 would need 9
    expect(truncateJsonString('🍉🍉🍉', 9)).toBe('🍉…'); // 4 bytes per melon
  });

  it('counts escapes as they are sent', () => {
    expect(truncateJsonString('"""', 6)).toBe('"""'); // each " is \" on the wire: 6 bytes
    expect(truncateJsonString('""""', 6)).toBe('"…'); // 2 + 3
  });
});
