import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { JSONStringified } from '@aws-lambda-powertools/parser/helpers';
import { parser } from '@aws-lambda-powertools/parser/middleware';
import { APIGatewayProxyEventV2Schema } from '@aws-lambda-powertools/parser/schemas/api-gatewayv2';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from 'aws-lambda';
import { z } from 'zod';
import { unauthenticated } from '../errors';
import { logger, metrics } from '../observability';
import type { Caller } from './caller';
import { errorResponder, requestGuard, toProxyResult, traceRoute, type ContextWithCaller } from './middleware';
import type { HttpResult } from './responses';
import type { ProtectedAuth, RouteSpec } from './route';

type Schema = z.ZodType | undefined;
type Infer<T> = T extends z.ZodType ? z.output<T> : undefined;

export interface HttpRequest<TBody, TQuery, TParams, THeaders, TCaller extends Caller | undefined = Caller> {
  body: TBody;
  query: TQuery;
  params: TParams;
  headers: THeaders;
  /** The verified caller on every route that is not public (the guard rejects calls without one); none on a public route. */
  caller: TCaller;
  requestId: string;
  event: APIGatewayProxyEventV2;
  context: Context;
}

type Handle<TBody, TQuery, TParams, THeaders, TCaller extends Caller | undefined> = (
  request: HttpRequest<Infer<TBody>, Infer<TQuery>, Infer<TParams>, Infer<THeaders>, TCaller>,
) => Promise<HttpResult>;

type PublicRoute<B extends Schema, Q extends Schema, P extends Schema, H extends Schema> = [
  route: RouteSpec<B, Q, P, H, 'public'>,
  handle: Handle<B, Q, P, H, undefined>,
];
type ProtectedRoute<B extends Schema, Q extends Schema, P extends Schema, H extends Schema> = [
  route: RouteSpec<B, Q, P, H, ProtectedAuth>,
  handle: Handle<B, Q, P, H, Caller>,
];

type RouteArgs<B extends Schema, Q extends Schema, P extends Schema, H extends Schema> = PublicRoute<B, Q, P, H> | ProtectedRoute<B, Q, P, H>;
type Input<B extends Schema, Q extends Schema, P extends Schema, H extends Schema> = Omit<
  HttpRequest<Infer<B>, Infer<Q>, Infer<P>, Infer<H>>,
  'caller'
>;

const isPublic = <B extends Schema, Q extends Schema, P extends Schema, H extends Schema>(args: RouteArgs<B, Q, P, H>): args is PublicRoute<B, Q, P, H> =>
  args[0].auth === 'public';

/** Calls the route's handler with the caller its auth promises: none on a public route, the verified one otherwise. */
function callerAware<B extends Schema, Q extends Schema, P extends Schema, H extends Schema>(args: RouteArgs<B, Q, P, H>) {
  if (isPublic(args)) return (input: Input<B, Q, P, H>) => args[1]({ ...input, caller: undefined });
  return (input: Input<B, Q, P, H>, caller: Caller | undefined) => {
    // requestGuard has already answered 401; this keeps the promise without a cast.
    if (!caller) throw unauthenticated();
    return args[1]({ ...input, caller });
  };
}

export type HttpLambdaHandler = middy.MiddyfiedHandler<APIGatewayProxyEventV2, APIGatewayProxyResultV2, Error, ContextWithCaller>;

/** API Gateway leaves a section out when it is empty; schemas see an empty object instead. */
const orEmpty = (schema: z.ZodType) => z.preprocess((value) => value ?? {}, schema);

/** A form-encoded body (`a=1&b=2`) as an object of strings; repeated names keep their last value. */
const formEncoded = (schema: z.ZodType) =>
  z.preprocess((value) => (typeof value === 'string' ? Object.fromEntries(new URLSearchParams(value)) : (value ?? {})), schema);

function bodySchemaFor(route: RouteSpec) {
  if (!route.body) return z.unknown().optional();
  return route.bodyEncoding === 'form' ? formEncoded(route.body) : JSONStringified(route.body);
}

function eventSchemaFor(route: RouteSpec) {
  return APIGatewayProxyEventV2Schema.extend({
    body: bodySchemaFor(route),
    queryStringParameters: route.query ? orEmpty(route.query) : z.unknown().optional(),
    pathParameters: route.params ? orEmpty(route.params) : z.unknown().optional(),
    headers: route.headers ? orEmpty(route.headers) : z.record(z.string(), z.string()).optional(),
  });
}

type ParsedEvent = APIGatewayProxyEventV2 & { body: unknown; queryStringParameters: unknown; pathParameters: unknown };

/**
 * The one middleware stack every HTTP handler uses: logging, metrics and tracing, the error envelope,
 * body limit and role guard, then zod validation of body, query, path and headers through the Powertools
 * parser. The handler receives typed, validated input and returns an HttpResult; its `caller` is the
 * verified caller, or undefined on a public route.
 */
export function httpHandler<B extends Schema, Q extends Schema, P extends Schema, H extends Schema>(
  route: RouteSpec<B, Q, P, H, 'public'>,
  handle: Handle<B, Q, P, H, undefined>,
): HttpLambdaHandler;
export function httpHandler<B extends Schema, Q extends Schema, P extends Schema, H extends Schema>(
  route: RouteSpec<B, Q, P, H, ProtectedAuth>,
  handle: Handle<B, Q, P, H, Caller>,
): HttpLambdaHandler;
export function httpHandler<B extends Schema, Q extends Schema, P extends Schema, H extends Schema>(
  ...args: PublicRoute<B, Q, P, H> | ProtectedRoute<B, Q, P, H>
): HttpLambdaHandler {
  const [route] = args;
  const handle = callerAware(args);
  const schema = eventSchemaFor(route);
  return middy<APIGatewayProxyEventV2, APIGatewayProxyResultV2, Error, ContextWithCaller>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(logMetrics(metrics))
    .use(traceRoute(route))
    .use(errorResponder())
    .use(requestGuard(route))
    .use(parser({ schema }))
    .handler(async (parsed: ParsedEvent, context) => {
      const requestId = parsed.requestContext.requestId;
      const input: Input<B, Q, P, H> = {
        body: parsed.body as Infer<B>,
        query: parsed.queryStringParameters as Infer<Q>,
        params: parsed.pathParameters as Infer<P>,
        headers: parsed.headers as Infer<H>,
        requestId,
        event: parsed,
        context,
      };
      const result = await handle(input, context.caller);
      return toProxyResult(result, requestId);
    });
}
