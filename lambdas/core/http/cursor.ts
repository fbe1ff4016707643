import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { readEnv } from '../env';
import { validationFailed } from '../errors';

/**
 * Opaque list cursors, signed. A cursor is `payload.signature`: the payload is the position to resume
 * from (base64url JSON), the signature an HMAC-SHA256 over the list's name, the caller's scope (e.g.
 * `{ pk: 'SELLER#zhang' }`) and the payload. Only the server can make one, and one made for another
 * list or another scope fails its check: an altered, truncated, forged, foreign or other-list cursor
 * is a 400, whatever the position inside it would have pointed at. The key comes from the environment
 * (CDK: a generated secret; the local runtime and tests: their own), so rotating it only invalidates
 * the cursors clients hold, which then start their list again.
 */
const signingKey = readEnv({ CURSOR_SIGNING_KEY: z.string().min(32, 'At least 32 characters of secret') }).CURSOR_SIGNING_KEY;

export type CursorScope = Readonly<Record<string, string>>;

const FORMAT = 'v1';

export const invalidCursor = () => validationFailed('The cursor is not valid for this list', [{ path: 'query.cursor', message: 'Invalid cursor' }]);

function signature(list: string, scope: CursorScope, payload: string): string {
  const canonicalScope = JSON.stringify(Object.entries(scope).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return createHmac('sha256', signingKey).update(`${FORMAT}\n${list}\n${canonicalScope}\n${payload}`, 'utf8').digest('base64url');
}

/** A cursor for `list` within `scope`, resuming at `position` (any JSON value the list reads back). */
export function sealCursor(list: string, scope: CursorScope, position: unknown): string {
  const payload = Buffer.from(JSON.stringify(position), 'utf8').toString('base64url');
  return `${payload}.${signature(list, scope, payload)}`;
}

/**
 * The position inside a cursor this server issued for `list` and `scope`, checked against the list's
 * own schema; undefined when there is no cursor. Anything else is a 400, never a 500.
 */
export function openCursor<S extends z.ZodType>(list: string, scope: CursorScope, cursor: string | undefined, schema: S): z.output<S> | undefined {
  if (cursor === undefined) return undefined;
  const parts = cursor.split('.');
  if (parts.length !== 2) throw invalidCursor();
  const [payload = '', given = ''] = parts;
  const expected = Buffer.from(signature(list, scope, payload), 'utf8');
  const actual = Buffer.from(given, 'utf8');
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) throw invalidCursor();
  let position: unknown;
  try {
    position = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  const result = schema.safeParse(position);
  if (!result.success) throw invalidCursor();
  return result.data;
}

export type StartKey = Record<string, string>;

export interface KeyedList {
  readonly name: string;
  /** Exactly the attributes of the list's DynamoDB start key (table key, plus the index key on an index); all strings. */
  readonly keyAttributes: readonly string[];
  /** The cursor resuming after `lastKey`, or null at the end of the list. */
  encode(scope: CursorScope, lastKey: Record<string, unknown> | undefined): string | null;
  /** The start key a cursor carries, rebuilt from the allow-listed attributes only. */
  decode(scope: CursorScope, cursor: string | undefined): StartKey | undefined;
}

/**
 * A list whose cursor is a DynamoDB start key. Its schema allows exactly the named attributes, each a
 * non-empty string (extra, missing or wrongly typed fields are a 400, not a DynamoDB ValidationException
 * and a 500), and every scope attribute among them must equal the caller's scope.
 */
export function keyedList(name: string, keyAttributes: readonly string[]): KeyedList {
  const shape = z.strictObject(Object.fromEntries(keyAttributes.map((attribute) => [attribute, z.string().min(1)])));
  const startKeyOf = (key: Record<string, unknown>): StartKey => {
    const names = Object.keys(key);
    const complete = names.length === keyAttributes.length && keyAttributes.every((attribute) => typeof key[attribute] === 'string');
    if (!complete) throw new Error(`List ${name}: start key attributes [${names.join(', ')}] are not [${keyAttributes.join(', ')}]`);
    return Object.fromEntries(keyAttributes.map((attribute) => [attribute, String(key[attribute])]));
  };
  return {
    name,
    keyAttributes,
    encode: (scope, lastKey) => (lastKey ? sealCursor(name, scope, startKeyOf(lastKey)) : null),
    decode(scope, cursor) {
      const key = openCursor(name, scope, cursor, shape);
      if (key === undefined) return undefined;
      if (Object.entries(scope).some(([attribute, value]) => attribute in key && key[attribute] !== value)) throw invalidCursor();
      return key;
    },
  };
}
