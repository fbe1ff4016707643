import { generateKeyPairSync, randomInt } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';

/**
 * The stand-in's test keys: Alipay's RSA2 pair (it signs responses and notifications with the private
 * half; the local stage's secret gets the public half) and an app pair for a made-up app id (the
 * secret gets the private half; the stand-in checks request signatures with the public half).
 */
const keysSchema = z.object({
  appId: z.string().regex(/^\d{16}$/),
  appPrivateKey: z.string(),
  appPublicKey: z.string(),
  alipayPrivateKey: z.string(),
  alipayPublicKey: z.string(),
});
export type AlipayStandInKeys = z.infer<typeof keysSchema>;

function rsaPair(): { privateKey: string; publicKey: string } {
  return generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
}

export function generateStandInKeys(): AlipayStandInKeys {
  const app = rsaPair();
  const alipay = rsaPair();
  // 2021… like a real app id, with a 9999 marker so no one mistakes it for one.
  const appId = `20219999${String(randomInt(0, 100_000_000)).padStart(8, '0')}`;
  return { appId, appPrivateKey: app.privateKey, appPublicKey: app.publicKey, alipayPrivateKey: alipay.privateKey, alipayPublicKey: alipay.publicKey };
}

/** Made once into the data directory, so every start (and the local stage's secret) uses the same keys. */
export function loadOrCreateStandInKeys(file: string): AlipayStandInKeys {
  if (existsSync(file)) return keysSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  const keys = generateStandInKeys();
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(keys), { mode: 0o600 });
  return keys;
}
