/** Offset pagination behind an opaque `nextToken`, as the List* operations page. */
export function paginate<T>(
  items: readonly T[],
  maxResults: number,
  nextToken: string | undefined,
  invalidToken: () => Error,
): { page: T[]; nextToken?: string } {
  const offset = nextToken === undefined ? 0 : decodeOffset(nextToken);
  if (offset === undefined || offset > items.length) throw invalidToken();
  const end = offset + maxResults;
  const page = items.slice(offset, end);
  return end < items.length ? { page, nextToken: encodeOffset(end) } : { page };
}

const encodeOffset = (offset: number) => Buffer.from(JSON.stringify({ offset })).toString('base64url');

function decodeOffset(token: string): number | undefined {
  try {
    const { offset } = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { offset?: unknown };
    return typeof offset === 'number' && Number.isInteger(offset) && offset >= 0 ? offset : undefined;
  } catch {
    return undefined;
  }
}
