import { SignJWT, generateKeyPair, type JWK } from 'jose';
import { describe, expect, it } from 'vitest';
import { LOCAL_CLIENT_ID, LOCAL_ISSUER } from '../../local/local-issuer';
import { api, tokenFor, uniqueId } from '../support/local-api';

const expectEnvelope = (response: { status: number; headers: Headers; body: any }, status: number, code: string) => {
  expect(response.status).toBe(status);
  expect(response.body.error.code).toBe(code);
  expect(typeof response.body.error.message).toBe('string');
  expect(response.body.requestId).toEqual(expect.any(String));
};

describe('API core through the local gateway', () => {
  it('GET /v1/health answers 200 without a token, with a request id header', async () => {
    const response = await api('GET', '/v1/health');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ok' });
    expect(response.headers.get('x-request-id')).toEqual(expect.any(String));
  });

  it('an unknown route is a 404 envelope, before authentication', async () => {
    const response = await api('GET', '/v1/no-such-thing');
    expectEnvelope(response, 404, 'NOT_FOUND');
    expect(response.headers.get('x-request-id')).toBe(response.body.requestId);
  });

  // Checked on a real seller route: PUT /v1/seller/profile.
  const route = '/v1/seller/profile';
  const body = { displayName: '张大爷', countyCode: '371721', village: '青固集村' };

  describe('authentication', () => {
    it('rejects a missing token', async () => {
      expectEnvelope(await api('PUT', route, { body }), 401, 'UNAUTHENTICATED');
    });

    it('rejects a garbage token', async () => {
      expectEnvelope(await api('PUT', route, { body, token: 'not-a-jwt' }), 401, 'UNAUTHENTICATED');
    });

    it('rejects an expired token', async () => {
      const { issuerFromJwk } = await import('../../local/local-issuer');
      const { inject } = await import('vitest');
      const issuer = await issuerFromJwk(inject('localRuntime').issuerJwk);
      const token = await issuer.sign({ sub: 'zhang', groups: ['sellers'], expiresIn: -5 });
      expectEnvelope(await api('PUT', route, { body, token }), 401, 'UNAUTHENTICATED');
    });

    it('rejects a token signed by another key', async () => {
      const { privateKey } = await generateKeyPair('ES256');
      const token = await new SignJWT({ 'cognito:groups': ['sellers'], token_use: 'access', client_id: LOCAL_CLIENT_ID })
        .setProtectedHeader({ alg: 'ES256' })
        .setSubject('mallory')
        .setIssuer(LOCAL_ISSUER)
        .setExpirationTime('1h')
        .sign(privateKey);
      expectEnvelope(await api('PUT', route, { body, token }), 401, 'UNAUTHENTICATED');
    });

    it('refuses an ID token (token_use id, aud = the app client), signed by the right key: only access tokens call the API', async () => {
      const { importJWK } = await import('jose');
      const { inject } = await import('vitest');
      const jwk = inject('localRuntime').issuerJwk as JWK;
      const key = await importJWK(jwk, 'ES256');
      const idToken = await new SignJWT({ 'cognito:groups': ['sellers'], token_use: 'id', email: 'zhang@heze-village-live.cn' })
        .setProtectedHeader({ alg: 'ES256', kid: String(jwk.kid) })
        .setSubject(uniqueId('seller'))
        .setIssuer(LOCAL_ISSUER)
        .setAudience(LOCAL_CLIENT_ID)
        .setIssuedAt()
        .setExpirationTime('1h')
        .sign(key);
      expectEnvelope(await api('PUT', route, { body, token: idToken }), 401, 'UNAUTHENTICATED');
    });

    it('a buyers token on a sellers route is 403', async () => {
      const token = await tokenFor(uniqueId('buyer'), 'buyers');
      expectEnvelope(await api('PUT', route, { body, token }), 403, 'FORBIDDEN');
    });

    it('a sellers token passes and the handler sees the verified sub', async () => {
      const sellerId = uniqueId('seller');
      const response = await api('PUT', route, { body, token: await tokenFor(sellerId, 'sellers') });
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ sellerId, ...body });
    });
  });

  describe('validation', () => {
    it('malformed JSON is 400 VALIDATION_FAILED, not 500', async () => {
      const token = await tokenFor(uniqueId('seller'), 'sellers');
      const response = await api('PUT', route, { token, rawBody: '{"displayName": "hi"', headers: { 'content-type': 'application/json' } });
      expectEnvelope(response, 400, 'VALIDATION_FAILED');
      expect(response.body.error.details[0].path).toBe('body');
    });

    it('a schema violation lists one detail per problem with its path', async () => {
      const token = await tokenFor(uniqueId('seller'), 'sellers');
      const response = await api('PUT', route, { token, body: { ...body, displayName: '' } });
      expectEnvelope(response, 400, 'VALIDATION_FAILED');
      expect(response.body.error.details).toEqual([expect.objectContaining({ path: 'body.displayName' })]);
    });

    it('a bidi override, zero-width space or NUL in a typed field is 400 with that field\'s path', async () => {
      const token = await tokenFor(uniqueId('seller'), 'sellers');
      for (const [field, value] of [
        ['displayName', '张大爷\u202Egpj.exe'],
        ['village', '青固\u200B集村'],
        ['displayName', '张\u0000大爷'],
      ] as const) {
        const response = await api('PUT', route, { token, body: { ...body, [field]: value } });
        expectEnvelope(response, 400, 'VALIDATION_FAILED');
        expect(response.body.error.details).toEqual([expect.objectContaining({ path: `body.${field}` })]);
      }
      // Trimmed, not refused: surrounding whitespace is no reason to fail a request.
      const trimmed = await api('PUT', route, { token, body: { ...body, displayName: '  张大爷\n' } });
      expect(trimmed.status).toBe(200);
      expect(trimmed.body.displayName).toBe('张大爷');
    });

    it('a body over 64 KiB is 400', async () => {
      const token = await tokenFor(uniqueId('seller'), 'sellers');
      const response = await api('PUT', route, { token, body: { ...body, village: 'x'.repeat(65 * 1024) } });
      expectEnvelope(response, 400, 'VALIDATION_FAILED');
      expect(response.body.error.message).toMatch(/64 KiB/);
    });
  });

  it('serves the OpenAPI document and a reference page', async () => {
    const document = await api('GET', '/openapi.json');
    expect(document.status).toBe(200);
    expect(document.body.openapi).toBe('3.1.0');
    expect(document.body.paths['/v1/health'].get.operationId).toBe('health');
    const docs = await api('GET', '/docs');
    expect(docs.status).toBe(200);
    expect(docs.headers.get('content-type')).toMatch(/text\/html/);
    expect(docs.text).toContain('spec-url="/openapi.json"');
    const redoc = await api('GET', '/docs/redoc.standalone.js');
    expect(redoc.status).toBe(200);
    expect(redoc.headers.get('content-type')).toMatch(/javascript/);
  });
});
