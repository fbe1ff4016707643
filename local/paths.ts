import { join, resolve } from 'node:path';

export const repoRoot = resolve(import.meta.dirname, '..');
export const defaultDataDir = process.env.VILLAGE_LIVE_DATA_DIR ?? join(repoRoot, '.local-data');
export const issuerKeyFile = (dataDir: string) => join(dataDir, 'local-issuer-key.json');
/** The Alipay stand-in's test key pairs (its own and the app's), made on first start: test keys, never real ones. */
export const alipayStandInKeyFile = (dataDir: string) => join(dataDir, 'alipay-standin-keys.json');
