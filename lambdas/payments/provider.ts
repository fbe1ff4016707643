import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import { z } from 'zod';
import { readEnv } from '../core/env';
import { AlipayPaymentProvider } from './alipay/alipay-provider';
import { parseAlipaySecret } from './alipay/credentials';
import type { PaymentProvider } from './payment-provider';

/**
 * Where the provider's configuration comes from: the secret's name or ARN (never its value), the
 * gateway and the notify URL. lib/constructs/payment-secret.ts sets them; the local runtime's Alipay
 * wiring points them at the stand-in.
 */
export const paymentProviderEnvShape = {
  ALIPAY_SECRET_ID: z.string().min(1),
  ALIPAY_GATEWAY_URL: z.url(),
  ALIPAY_NOTIFY_URL: z.url().optional(),
};

/** Once per cold start, then cached for the execution environment's life (rotation: a new deploy or cold start). */
const SECRET_MAX_AGE_SECONDS = 24 * 60 * 60;

let provider: Promise<PaymentProvider> | undefined;

/**
 * The stage's payment provider, created once per cold start: the Alipay secret is read from Secrets
 * Manager on first use and the adapter built from it. A failed read is not cached, so the next call retries.
 */
export function paymentProvider(): Promise<PaymentProvider> {
  provider ??= createPaymentProvider().catch((error: unknown) => {
    provider = undefined;
    throw error;
  });
  return provider;
}

async function createPaymentProvider(): Promise<PaymentProvider> {
  const env = readEnv(paymentProviderEnvShape);
  const secret = await getSecret(env.ALIPAY_SECRET_ID, { transform: 'json', maxAge: SECRET_MAX_AGE_SECONDS });
  return new AlipayPaymentProvider({
    credentials: parseAlipaySecret(secret),
    gatewayUrl: env.ALIPAY_GATEWAY_URL,
    ...(env.ALIPAY_NOTIFY_URL ? { notifyUrl: env.ALIPAY_NOTIFY_URL } : {}),
  });
}
