import type { Runtime } from '../orders/use-cases/ports';
import { backoff } from '../orders/use-cases/retry';
import { ProviderUnavailableError, type PaymentProvider, type TradeQueryResult } from './payment-provider';

/** Attempts per provider call inside one request or sweep: beyond them the caller defers (never a tight loop). */
export const PROVIDER_ATTEMPTS = 3;

/** Retries a provider call that failed with ProviderUnavailableError, a bounded number of times with jittered backoff. */
export async function withProviderRetries<T>(runtime: Runtime, call: () => Promise<T>, attempts = PROVIDER_ATTEMPTS): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (!(error instanceof ProviderUnavailableError) || attempt >= attempts) throw error;
      await backoff(runtime, attempt + 2, 50, 1000);
    }
  }
}

/** The provider counts the money as received. */
export const isPaidTrade = (trade: Pick<TradeQueryResult, 'status'>) => trade.status === 'TRADE_SUCCESS' || trade.status === 'TRADE_FINISHED';

/**
 * A provider created on first use and kept for the instance's life: the handlers are built at module
 * scope, while the adapter reads its secrets asynchronously (once per cold start).
 */
export function lazyPaymentProvider(create: () => Promise<PaymentProvider>, name: PaymentProvider['name'] = 'alipay'): PaymentProvider {
  let instance: Promise<PaymentProvider> | undefined;
  const provider = () => {
    instance ??= create().catch((error: unknown) => {
      instance = undefined; // a failed cold start (e.g. Secrets Manager unreachable) is retried by the next call
      throw error;
    });
    return instance;
  };
  return {
    name,
    createPayment: async (request) => (await provider()).createPayment(request),
    queryTrade: async (paymentId) => (await provider()).queryTrade(paymentId),
    closeTrade: async (paymentId) => (await provider()).closeTrade(paymentId),
    refund: async (request) => (await provider()).refund(request),
    verifyNotification: async (fields) => (await provider()).verifyNotification(fields),
  };
}
