import { randomInt } from 'node:crypto';

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const LOWER_ALPHANUMERIC = 'abcdefghijklmnopqrstuvwxyz0123456789';

function randomFrom(alphabet: string, length: number): string {
  let out = '';
  for (let i = 0; i < length; i += 1) out += alphabet[randomInt(alphabet.length)];
  return out;
}

/** The 12-character id that ends an IVS channel, stream key, recording configuration or chat room ARN. */
export const resourceId = (): string => randomFrom(ALPHANUMERIC, 12);

/** The per-channel host label of ingest and playback endpoints (e.g. `a1b2c3d4e5f6`). */
export const endpointLabel = (): string => randomFrom(LOWER_ALPHANUMERIC, 12);

export const streamId = (): string => `st-${randomFrom(ALPHANUMERIC, 22)}`;

export const recordingSessionId = (): string => randomFrom(ALPHANUMERIC, 12);

export const streamKeyValue = (region: string): string => `sk_${region}_${randomFrom(ALPHANUMERIC, 36)}`;

export const srtPassphrase = (): string => randomFrom(ALPHANUMERIC, 32);

/** Chat message and event ids. */
export const chatEventId = (): string => randomFrom(ALPHANUMERIC, 12);

export const chatToken = (): string => `AQICAH${randomFrom(ALPHANUMERIC, 120)}`;
