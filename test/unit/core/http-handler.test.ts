import type { APIGatewayProxyResultV2 } from 'aws-lambda';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { Caller } from '../../../lambdas/core/http/caller';
import { httpHandler } from '../../../lambdas/core/http/handler';
import { toProxyResult } from '../../../lambdas/core/http/middleware';
import { ok } from '../../../lambdas/core/http/responses';
import { defineRoute, type RouteAuth } from '../../../lambdas/core/http/route';
import { tracer } from '../../../lambdas/core/observability';
import { httpEvent, invoke } from '../../support/lambda-http';

const route = { method: 'GET', entry: 'test/unit/core/http-handler.test.ts', summary: 'probe', responses: { 200: null }, access: [] } as const;
const publicRoute = defineRoute({ ...route, id: 'publicProbe', path: '/v1/public-probe', auth: 'public' });
const sellersRoute = defineRoute({ ...route, id: 'sellersProbe', path: '/v1/sellers-probe', auth: { groups: ['sellers'] } });
const signedIn = { groups: [] } as const;
const signedInRoute = defineRoute({ ...route, id: 'signedInProbe', path: '/v1/signed-in-probe', auth: signedIn });

// The type-level checks are enforced by `npm run typecheck`; the calls below also run them.
describe('httpHandler types the caller by the route auth', () => {
  it('defineRoute keeps the auth literal it was given', () => {
    expectTypeOf(publicRoute.auth).toEqualTypeOf<'public'>();
    expectTypeOf(sellersRoute.auth).not.toEqualTypeOf<RouteAuth>();
    expectTypeOf(sellersRoute.auth).toExtend<{ readonly groups: readonly ('sellers' | 'buyers' | 'ops')[] }>();
  });

  it('a public route: the handler sees no caller, even when the request carries claims', async () => {
    const handler = httpHandler(publicRoute, async ({ caller }) => {
      expectTypeOf(caller).toEqualTypeOf<undefined>();
      return ok({ caller: caller ?? null });
    });
    // @ts-expect-error a public route has no caller to read
    httpHandler(publicRoute, async ({ caller }) => ok(caller.userId));
    expect((await invoke(handler, httpEvent(publicRoute, { sub: 'zhang' }))).body).toEqual({ caller: null });
  });

  it('a protected route: the handler sees the verified Caller', async () => {
    const handler = httpHandler(sellersRoute, async ({ caller }) => {
      expectTypeOf(caller).toEqualTypeOf<Caller>();
      return ok({ userId: caller.userId });
    });
    httpHandler(signedInRoute, async ({ caller }) => {
      expectTypeOf(caller).toEqualTypeOf<Caller>();
      return ok(caller.userId);
    });
    expect((await invoke(handler, httpEvent(sellersRoute, { sub: 'zhang', groups: ['sellers'] }))).body).toEqual({ userId: 'zhang' });
    expect((await invoke(handler, httpEvent(sellersRoute, { sub: '' }))).status).toBe(401);
  });

  it('only an access token is a credential: an ID token (token_use id) or one without token_use is 401', async () => {
    const handler = httpHandler(signedInRoute, async ({ caller }) => ok({ userId: caller.userId }));
    expect((await invoke(handler, httpEvent(signedInRoute, { sub: 'zhang', tokenUse: 'access' }))).status).toBe(200);
    for (const tokenUse of ['id', '']) {
      const response = await invoke(handler, httpEvent(signedInRoute, { sub: 'zhang', tokenUse }));
      expect(response.status, tokenUse).toBe(401);
      expect(response.body.error.code).toBe('UNAUTHENTICATED');
    }
  });

  it("a handler's result becomes API Gateway's result without a cast", () => {
    expectTypeOf(toProxyResult).returns.toEqualTypeOf<APIGatewayProxyResultV2>();
    expect(toProxyResult(ok({ a: 1 }), 'req-1')).toEqual({
      statusCode: 200,
      headers: { 'x-request-id': 'req-1', 'content-type': 'application/json; charset=utf-8' },
      body: '{"a":1}',
    });
  });
});

describe('tracing outside Lambda', () => {
  it('is off in tests and the local runtime (no AWS_EXECUTION_ENV), and the stack still answers', async () => {
    expect(process.env.AWS_EXECUTION_ENV).toBeUndefined();
    expect(tracer.isTracingEnabled()).toBe(false);
    const handler = httpHandler(publicRoute, async () => ok({ status: 'ok' }));
    expect((await invoke(handler, httpEvent(publicRoute))).status).toBe(200);
  });
});
