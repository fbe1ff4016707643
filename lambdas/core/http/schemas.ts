import { z } from 'zod';

/** Shared pieces of request and response schemas. */
export const errorResponseSchema = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      details: z.array(z.record(z.string(), z.unknown())).optional(),
    }),
    requestId: z.string(),
  })
  .meta({ id: 'Error' });

/**
 * Unicode control (Cc: NUL, newline, tab, ESC…), format (Cf: bidi overrides and isolates, zero-width
 * space and joiners, soft hyphen, BOM…) and unpaired surrogate (Cs: not encodable as UTF-8) characters.
 */
const CONTROL_OR_FORMAT = /[\p{Cc}\p{Cf}\p{Cs}]/u;

/**
 * A text field people type (names, titles, descriptions, notes, reasons, addresses): trimmed, then
 * `min`..`max` UTF-16 code units, and no control or format character anywhere (docs/api.md conventions).
 * Newlines and tabs are control characters too: multi-line text is refused, as the contract says,
 * rather than stored for every client to render its own way.
 */
export const text = ({ min = 0, max }: { min?: number; max: number }) =>
  z
    .string()
    .trim()
    .min(min)
    .max(max)
    .refine((value) => !CONTROL_OR_FORMAT.test(value), 'Control and format characters (Unicode Cc/Cf) are not allowed');

export const paginationQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().min(1).max(2048).optional(),
});

export const pageOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });
