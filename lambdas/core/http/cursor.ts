import { validationFailed } from '../errors';

type Key = Record<string, unknown>;

/**
 * Opaque list cursors. A cursor carries the DynamoDB key to resume from and the attributes that fix
 * the list's scope (e.g. `{ pk: 'SELLER#zhang' }`). Decoding checks those attributes against the
 * caller's own scope, so an altered or foreign cursor cannot read outside it: 400 instead.
 */
export function encodeCursor(lastKey: Key | undefined): string | null {
  if (!lastKey) return null;
  return Buffer.from(JSON.stringify(lastKey), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string | undefined, scope: Record<string, string>): Key | undefined {
  if (cursor === undefined) return undefined;
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    key = undefined;
  }
  const valid =
    typeof key === 'object' &&
    key !== null &&
    !Array.isArray(key) &&
    Object.values(key).every((value) => typeof value === 'string' || typeof value === 'number') &&
    Object.entries(scope).every(([name, value]) => (key as Key)[name] === value);
  if (!valid) throw validationFailed('The cursor is not valid for this list', [{ path: 'query.cursor', message: 'Invalid cursor' }]);
  return key as Key;
}
