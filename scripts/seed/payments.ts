import { LOCAL_CLOCK_HEADER } from '../../lambdas/core/http/local-clock';

type Call = <T = any>(method: string, path: string, options: { token: string; body?: unknown; headers?: Record<string, string>; accept?: number[] }) => Promise<{ status: number; body: T }>;

/** Buyers pay a few minutes after placing (never after `notAfterMs`: the clock header must be in the past). */
const PAY_AFTER_MS = 3 * 60_000;

/** About one order in fifteen is never paid and expires (deterministic from its key, so re-runs agree). */
export const expiresUnpaid = (key: string): boolean => [...key].reduce((sum, char) => sum + char.charCodeAt(0), 0) % 15 === 7;

export const paidAtFor = (placedAt: string, notAfterMs: number): string => new Date(Math.min(Date.parse(placedAt) + PAY_AFTER_MS, notAfterMs)).toISOString();

/**
 * The buyer pays through the payment route and the Alipay stand-in, as a buyer would (`/_local/payments/{id}/pay`
 * opens the pay page and pays, at `paidAt`). An order paid by an earlier run answers 409: nothing to do.
 */
export async function payOrder(call: Call, token: string, orderId: string, paidAt: string): Promise<boolean> {
  const payment = await call<{ paymentId: string }>('POST', `/v1/orders/${orderId}/payment`, { token, headers: { [LOCAL_CLOCK_HEADER]: paidAt }, accept: [409] });
  if (payment.status === 409) return false;
  const paid = await call('POST', `/_local/payments/${payment.body.paymentId}/pay`, { token, body: { notify: 'once' }, headers: { [LOCAL_CLOCK_HEADER]: paidAt }, accept: [409] });
  return paid.status === 202;
}
