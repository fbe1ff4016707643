import { z } from 'zod';

/** The gateway methods the product calls (the pay pages are the buyer's browser, never faulted). */
export const API_METHODS = ['alipay.trade.query', 'alipay.trade.close', 'alipay.trade.refund'] as const;

/**
 * Test-only faults of the stand-in's gateway (PUT /_local/faults/alipay):
 * - `unavailable`: HTTP 503, as a load balancer in front of a down gateway answers;
 * - `system-error`: a signed answer `20000` / `aop.ACQ.SYSTEM_ERROR` ("try again with the same request");
 * - `slow`: the answer comes after `delayMs`; the operation takes effect then even when the client
 *   has given up, as a real timeout leaves it (a refund retried with the same out_request_no stays one refund).
 */
export const alipayFaultsSchema = z.object({
  kind: z.enum(['unavailable', 'system-error', 'slow']),
  methods: z.array(z.enum(API_METHODS)).min(1).default([...API_METHODS]),
  delayMs: z.number().int().min(1).max(60_000).default(5_000),
  /** The next n matching calls get the fault, then it clears itself; absent: until DELETE. */
  times: z.number().int().min(1).optional(),
});
export type AlipayFaults = z.infer<typeof alipayFaultsSchema>;
export type AlipayFaultsInput = z.input<typeof alipayFaultsSchema>;

export class GatewayFaults {
  #faults: AlipayFaults | undefined;
  #remaining = Number.POSITIVE_INFINITY;

  set(faults: AlipayFaultsInput): AlipayFaults {
    const parsed = alipayFaultsSchema.parse(faults);
    this.#faults = parsed;
    this.#remaining = parsed.times ?? Number.POSITIVE_INFINITY;
    return parsed;
  }

  clear(): void {
    this.#faults = undefined;
  }

  /** The fault this call gets, if any (counting it against `times`). */
  take(method: string): AlipayFaults | undefined {
    const faults = this.#faults;
    if (!faults || !(faults.methods as readonly string[]).includes(method)) return undefined;
    this.#remaining -= 1;
    if (this.#remaining <= 0) this.clear();
    return faults;
  }
}
