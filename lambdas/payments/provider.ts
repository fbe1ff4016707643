import type { PaymentProvider } from './payment-provider';

/**
 * The stage's payment provider, created once per cold start. Seam between the order lifecycle (which
 * only knows the port) and the Alipay adapter (which replaces this body with the real wiring).
 */
export async function paymentProvider(): Promise<PaymentProvider> {
  throw new Error('paymentProvider: the Alipay adapter is not wired yet');
}
