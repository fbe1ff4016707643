import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { z } from 'zod';

/**
 * The Alipay secret (one JSON secret per stage and region in Secrets Manager; lib/constructs/payment-secret.ts):
 * `{ "appId": "2021…", "appPrivateKey": "…", "alipayPublicKey": "…" }`. Keys may be PEM or the bare
 * base64 that Alipay's key tool prints (private: PKCS#1 or PKCS#8; public: SPKI).
 */
export const alipaySecretSchema = z.object({
  appId: z.string().regex(/^\d{16}$/, 'an Alipay app id (16 digits)'),
  appPrivateKey: z.string().min(1),
  alipayPublicKey: z.string().min(1),
});

export interface AlipayCredentials {
  readonly appId: string;
  /** PKCS#8 PEM. */
  readonly appPrivateKey: string;
  /** SPKI PEM. */
  readonly alipayPublicKey: string;
}

export class InvalidAlipaySecretError extends Error {
  override readonly name = 'InvalidAlipaySecretError';
}

/**
 * Validates and normalises the secret's value. Error messages name the field, never its value: they
 * end up in logs.
 */
export function parseAlipaySecret(value: unknown): AlipayCredentials {
  const parsed = alipaySecretSchema.safeParse(value);
  if (!parsed.success) {
    throw new InvalidAlipaySecretError(`The Alipay secret is not { appId, appPrivateKey, alipayPublicKey }: ${parsed.error.issues.map((issue) => `${issue.path.join('.')} ${issue.code}`).join('; ')}`);
  }
  const { appId, appPrivateKey, alipayPublicKey } = parsed.data;
  return {
    appId,
    appPrivateKey: pem(readPrivateKey(appPrivateKey), 'appPrivateKey', 'pkcs8'),
    alipayPublicKey: pem(readPublicKey(alipayPublicKey), 'alipayPublicKey', 'spki'),
  };
}

function pem(key: KeyObject | undefined, field: string, type: 'pkcs8' | 'spki'): string {
  if (!key || key.asymmetricKeyType !== 'rsa') throw new InvalidAlipaySecretError(`The Alipay secret's ${field} is not an RSA key`);
  return key.export({ format: 'pem', type }).toString();
}

const isPem = (text: string) => text.includes('-----BEGIN ');
const der = (text: string) => Buffer.from(text.replace(/\s+/g, ''), 'base64');

function readPrivateKey(text: string): KeyObject | undefined {
  const attempts = isPem(text) ? [() => createPrivateKey(text)] : (['pkcs8', 'pkcs1'] as const).map((type) => () => createPrivateKey({ key: der(text), format: 'der', type }));
  return firstThatWorks(attempts);
}

function readPublicKey(text: string): KeyObject | undefined {
  return firstThatWorks([isPem(text) ? () => createPublicKey(text) : () => createPublicKey({ key: der(text), format: 'der', type: 'spki' })]);
}

function firstThatWorks(attempts: readonly (() => KeyObject)[]): KeyObject | undefined {
  for (const attempt of attempts) {
    try {
      return attempt();
    } catch {
      // the next encoding, or none
    }
  }
  return undefined;
}
