import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { exportJWK, generateKeyPair, importJWK, jwtVerify, SignJWT, type JWK, type JWTPayload } from 'jose';
import type { UserGroup } from '../lambdas/core/http/route';

/** Stands in for the Cognito user pool: same claim names (`sub`, `cognito:groups`), a local signing key. */
export const LOCAL_ISSUER = 'village-live-local-issuer';
export const LOCAL_AUDIENCE = 'village-live-local-apps';
const ALGORITHM = 'ES256';

export interface LocalIssuer {
  readonly privateJwk: JWK;
  sign(claims: { sub: string; groups: readonly UserGroup[]; expiresIn?: string | number }): Promise<string>;
  /** Throws on a missing, malformed, expired (1 s leeway) or foreign token. */
  verify(token: string): Promise<JWTPayload>;
}

export async function issuerFromJwk(privateJwk: JWK): Promise<LocalIssuer> {
  const privateKey = await importJWK(privateJwk, ALGORITHM);
  const { d: _private, ...publicJwk } = privateJwk;
  const publicKey = await importJWK(publicJwk, ALGORITHM);
  return {
    privateJwk,
    sign: ({ sub, groups, expiresIn = '1h' }) =>
      new SignJWT({ 'cognito:groups': [...groups], token_use: 'access' })
        .setProtectedHeader({ alg: ALGORITHM, kid: privateJwk.kid ?? 'local' })
        .setSubject(sub)
        .setIssuer(LOCAL_ISSUER)
        .setAudience(LOCAL_AUDIENCE)
        .setIssuedAt()
        .setExpirationTime(typeof expiresIn === 'number' ? Math.floor(Date.now() / 1000) + expiresIn : expiresIn)
        .sign(privateKey),
    verify: async (token) =>
      (
        await jwtVerify(token, publicKey, {
          issuer: LOCAL_ISSUER,
          audience: LOCAL_AUDIENCE,
          algorithms: [ALGORITHM],
          clockTolerance: 1,
        })
      ).payload,
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
