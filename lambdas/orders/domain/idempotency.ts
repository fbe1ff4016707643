import { createHash } from 'node:crypto';

/**
 * Idempotency by construction: the order id is a hash of (buyer, Idempotency-Key), and the order is put
 * with `attribute_not_exists`. Two requests with one key can only ever name one order item; the stored
 * request hash tells a replay (same body) from a reuse (other body → 422).
 */
export const IDEMPOTENCY_KEY_PATTERN = /^[A-Za-z0-9_-]{8,64}$/;

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

function base32(bytes: Uint8Array, length: number): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5 && out.length < length) {
      out += CROCKFORD[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  return out;
}

/** 26 Crockford base32 characters (130 bits of SHA-256): opaque and URL-safe, like a ULID. */
export function orderIdFor(buyerId: string, idempotencyKey: string): string {
  const digest = createHash('sha256').update(`order\u0000${buyerId}\u0000${idempotencyKey}`, 'utf8').digest();
  return base32(digest, 26);
}

/** JSON with object keys sorted at every level, so equal values always serialise alike. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export const requestHash = (body: unknown) => createHash('sha256').update(canonicalJson(body), 'utf8').digest('base64url');
