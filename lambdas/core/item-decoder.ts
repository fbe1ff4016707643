import type { z } from 'zod';

/** Thrown when a stored item does not have the shape its type declares: a data defect, never the caller's fault. */
export class MalformedItemError extends Error {
  override readonly name = 'MalformedItemError';

  constructor(
    readonly itemType: string,
    readonly key: Readonly<Record<string, unknown>>,
    readonly problems: readonly string[],
  ) {
    super(`Malformed ${itemType} item ${JSON.stringify(key)}: ${problems.join('; ')}`);
  }
}

/**
 * One decoder per stored item type: reads from DynamoDB pass through it at the store boundary, so a
 * malformed item fails loudly with its key instead of flowing on as a wrong value. Extra attributes
 * (index keys, TTL) are dropped unless the schema keeps them.
 */
export function itemDecoder<S extends z.ZodType>(itemType: string, schema: S, keyOf: (raw: Record<string, unknown>) => Record<string, unknown> = primaryKey) {
  return (raw: Record<string, unknown>): z.infer<S> => {
    const result = schema.safeParse(raw);
    if (result.success) return result.data;
    const problems = result.error.issues.map((issue) => `${issue.path.join('.') || '(item)'}: ${issue.message}`);
    throw new MalformedItemError(itemType, keyOf(raw), problems);
  };
}

const primaryKey = (raw: Record<string, unknown>) => ({ pk: raw['pk'], sk: raw['sk'] });
