import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { exportJWK, generateKeyPair, importJWK, jwtVerify, SignJWT, type JWK, type JWTPayload } from 'jose';
import { ACCESS_TOKEN_SCOPE } from '../lambdas/core/http/caller';
import type { UserGroup } from '../lambdas/core/http/route';

/**
 * Stands in for the Cognito user pool: it mints what the apps send, Cognito **access** tokens (`sub`,
 * `cognito:groups`, `token_use: access`, `client_id`, `scope`; no `aud`), with a local signing key.
 */
export const LOCAL_ISSUER = 'village-live-local-issuer';
/** The local "app client": API Gateway's JWT authorizer checks it against `client_id` (access tokens) or `aud` (ID tokens). */
export const LOCAL_CLIENT_ID = 'village-live-local-apps';
const ALGORITHM = 'ES256';

export interface LocalIssuer {
  readonly privateJwk: JWK;
  sign(claims: { sub: string; groups: readonly UserGroup[]; expiresIn?: string | number }): Promise<string>;
  /**
   * Verifies like API Gateway's JWT authorizer: signature, issuer, expiry (1 s leeway), and the app client
   * as `client_id` or `aud`. Which token type may call the API is the functions' check (core/http/caller.ts).
   */
  verify(token: string): Promise<JWTPayload>;
}

const issuedToLocalClient = (payload: JWTPayload) =>
  payload.client_id === LOCAL_CLIENT_ID || (Array.isArray(payload.aud) ? payload.aud.includes(LOCAL_CLIENT_ID) : payload.aud === LOCAL_CLIENT_ID);

export async function issuerFromJwk(privateJwk: JWK): Promise<LocalIssuer> {
  const privateKey = await importJWK(privateJwk, ALGORITHM);
  const { d: _private, ...publicJwk } = privateJwk;
  const publicKey = await importJWK(publicJwk, ALGORITHM);
  return {
    privateJwk,
    sign: ({ sub, groups, expiresIn = '1h' }) =>
      new SignJWT({ 'cognito:groups': [...groups], token_use: 'access', client_id: LOCAL_CLIENT_ID, scope: ACCESS_TOKEN_SCOPE })
        .setProtectedHeader({ alg: ALGORITHM, kid: privateJwk.kid ?? 'local' })
        .setSubject(sub)
        .setIssuer(LOCAL_ISSUER)
        .setIssuedAt()
        .setExpirationTime(typeof expiresIn === 'number' ? Math.floor(Date.now() / 1000) + expiresIn : expiresIn)
        .sign(privateKey),
    verify: async (token) => {
      const { payload } = await jwtVerify(token, publicKey, { issuer: LOCAL_ISSUER, algorithms: [ALGORITHM], clockTolerance: 1 });
      if (!issuedToLocalClient(payload)) throw new Error('The token was not issued to the local app client');
      return payload;
    },
  };
}

export async function generateIssuerJwk(): Promise<JWK> {
  const { privateKey } = await generateKeyPair(ALGORITHM, { extractable: true });
  return { ...(await exportJWK(privateKey)), kid: `local-${Date.now()}`, alg: ALGORITHM };
}

/** The key lives in the data directory so that `npm run token` signs for the running `npm start`. */
export async function loadOrCreateIssuer(keyFile: string): Promise<LocalIssuer> {
  if (existsSync(keyFile)) return issuerFromJwk(JSON.parse(readFileSync(keyFile, 'utf8')) as JWK);
  const jwk = await generateIssuerJwk();
  mkdirSync(dirname(keyFile), { recursive: true });
  writeFileSync(keyFile, JSON.stringify(jwk), { mode: 0o600 });
  return issuerFromJwk(jwk);
}
