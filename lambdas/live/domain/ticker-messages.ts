import { z } from 'zod';

/**
 * What reaches the ticker queue: a paid order through the "paid orders" topic (the outbox Pipe's
 * message, lambdas/orders/outbox.ts: only its ids are trusted, the order is read again), or the
 * ticker's own delayed flush of a room's trailing orders (`dueAt` is its token, see claimFlush).
 */
export const paidOrderMessageSchema = z.object({ orderId: z.string().min(1), sellerId: z.string().min(1) });
export const flushMessageSchema = z.object({ kind: z.literal('flush'), sellerId: z.string().min(1), dueAt: z.number().int() });
export type FlushMessage = z.infer<typeof flushMessageSchema>;

export type TickerMessage = { kind: 'paid'; orderId: string; sellerId: string } | FlushMessage;

export function parseTickerMessage(body: string): TickerMessage {
  const json: unknown = JSON.parse(body);
  const flush = flushMessageSchema.safeParse(json);
  if (flush.success) return flush.data;
  const paid = paidOrderMessageSchema.parse(json);
  return { kind: 'paid', orderId: paid.orderId, sellerId: paid.sellerId };
}
