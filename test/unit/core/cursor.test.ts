import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ApiError } from '../../../lambdas/core/errors';
import { keyedList, openCursor, sealCursor } from '../../../lambdas/core/http/cursor';

const products = keyedList('catalog:products', ['pk', 'sk']);
const bans = keyedList('chat:bans', ['pk', 'sk']);
const zhang = { pk: 'SELLER#zhang' };
const lastKey = { pk: 'SELLER#zhang', sk: 'PRODUCT#01JABCDEFGHJKMNPQRSTVWXYZ1' };
const issued = products.encode(zhang, lastKey)!;

function refusal(run: () => unknown): ApiError | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  return undefined;
}

const expectRefused = (run: () => unknown) => {
  const error = refusal(run);
  expect(error, 'a 400, not a start key and not a 500').toBeDefined();
  expect(error).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED', details: [{ path: 'query.cursor' }] });
};

/** The payload part of a cursor, edited and re-encoded, with the original signature kept. */
const edited = (cursor: string, edit: (key: Record<string, unknown>) => Record<string, unknown>) => {
  const [payload, signature] = cursor.split('.');
  const key = JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8')) as Record<string, unknown>;
  return `${Buffer.from(JSON.stringify(edit(key))).toString('base64url')}.${signature}`;
};

describe('signed list cursors', () => {
  it('gives back exactly the start key it was issued for, in the same list and scope', () => {
    expect(products.decode(zhang, issued)).toEqual(lastKey);
    expect(products.decode(zhang, undefined)).toBeUndefined();
    expect(products.encode(zhang, undefined)).toBeNull();
  });

  it('carries no readable secret and no whitespace: an opaque, URL-safe string', () => {
    expect(issued).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
  });

  it('an edited cursor inside the caller’s own scope is refused (another product of the same seller)', () => {
    expectRefused(() => products.decode(zhang, edited(issued, (key) => ({ ...key, sk: 'PRODUCT#0' }))));
  });

  it('a tampered signature, a truncated cursor, garbage and a missing signature are refused', () => {
    const flipped = issued.slice(0, -1) + (issued.endsWith('A') ? 'B' : 'A');
    expectRefused(() => products.decode(zhang, flipped));
    expectRefused(() => products.decode(zhang, issued.slice(0, -5)));
    expectRefused(() => products.decode(zhang, issued.slice(0, issued.indexOf('.') - 2) + issued.slice(issued.indexOf('.'))));
    expectRefused(() => products.decode(zhang, issued.split('.')[0]!));
    expectRefused(() => products.decode(zhang, `${issued}.x`));
    expectRefused(() => products.decode(zhang, '%%%'));
    expectRefused(() => products.decode(zhang, ''));
  });

  it('a cursor of another scope (another seller) is refused', () => {
    const li = products.encode({ pk: 'SELLER#li' }, { pk: 'SELLER#li', sk: 'PRODUCT#1' })!;
    expectRefused(() => products.decode(zhang, li));
  });

  it('a cursor of another list is refused, even with the same scope and key shape', () => {
    const banCursor = bans.encode(zhang, { pk: 'SELLER#zhang', sk: 'CHAT#BAN#troll' })!;
    expectRefused(() => products.decode(zhang, banCursor));
  });

  it('a signed position with an extra, missing or wrongly typed key field is refused, never sent to DynamoDB', () => {
    expectRefused(() => products.decode(zhang, sealCursor('catalog:products', zhang, { ...lastKey, gsi1pk: 'ACTIVE_PRODUCTS#zhang' })));
    expectRefused(() => products.decode(zhang, sealCursor('catalog:products', zhang, { pk: lastKey.pk })));
    expectRefused(() => products.decode(zhang, sealCursor('catalog:products', zhang, { ...lastKey, sk: 5 })));
    expectRefused(() => products.decode(zhang, sealCursor('catalog:products', zhang, { ...lastKey, sk: { S: 'PRODUCT#1' } })));
    expectRefused(() => products.decode(zhang, sealCursor('catalog:products', zhang, [lastKey])));
    expectRefused(() => products.decode(zhang, sealCursor('catalog:products', zhang, null)));
  });

  it('a signed key whose scope attribute differs from the caller’s scope is refused', () => {
    expectRefused(() => products.decode(zhang, sealCursor('catalog:products', zhang, { pk: 'SELLER#li', sk: 'PRODUCT#1' })));
  });

  it('refuses to issue a cursor from a key that does not have the list’s attributes (a server bug, not a 400)', () => {
    expect(() => products.encode(zhang, { ...lastKey, gsi1pk: 'x' })).toThrow(/start key attributes/);
    expect(() => products.encode(zhang, { pk: 'SELLER#zhang', sk: 7 })).toThrow(/start key attributes/);
  });

  it('openCursor checks any position against the list’s own schema', () => {
    const schema = z.array(z.number().int()).length(2);
    const cursor = sealCursor('any', { seller: 'zhang' }, [1, 2]);
    expect(openCursor('any', { seller: 'zhang' }, cursor, schema)).toEqual([1, 2]);
    expectRefused(() => openCursor('any', { seller: 'zhang', status: 'SHIPPED' }, cursor, schema));
    expectRefused(() => openCursor('any', { seller: 'zhang' }, sealCursor('any', { seller: 'zhang' }, [1, 2, 3]), schema));
  });
});
