import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { JSONStringified } from '@aws-lambda-powertools/parser/helpers';
import { parser } from '@aws-lambda-powertools/parser/middleware';
import { APIGatewayProxyEventV2Schema } from '@aws-lambda-powertools/parser/schemas/api-gatewayv2';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from 'aws-lambda';
import { z } from 'zod';
import { logger, metrics } from '../observability';
import type { Caller } from './caller';
import { errorResponder, requestGuard } from './middleware';
import type { HttpResult } from './responses';
import type { RouteSpec } from './route';

type Infer<T> = T extends z.ZodType ? z.output<T> : undefined;

export interface HttpRequest<TBody, TQuery, TParams, THeaders> {
  body: TBody;
  query: TQuery;
  params: TParams;
  headers: THeaders;
  /** Present on every route that is not public (the guard rejects calls without it). */
  caller: Caller;
  requestId: string;
  event: APIGatewayProxyEventV2;
  context: Context;
}

/** API Gateway leaves a section out when it is empty; schemas see an empty object instead. */
const orEmpty = (schema: z.ZodType) => z.preprocess((value) => value ?? {}, schema);

function eventSchemaFor(route: RouteSpec): z.ZodType {
  return APIGatewayProxyEventV2Schema.extend({
    body: route.body ? JSONStringified(route.body) : z.unknown().optional(),
    queryStringParameters: route.query ? orEmpty(route.query) : z.unknown().optional(),
    pathParameters: route.params ? orEmpty(route.params) : z.unknown().optional(),
    headers: route.headers ? orEmpty(route.headers) : z.record(z.string(), z.string()).optional(),
  });
}

/**
 * The one middleware stack every HTTP handler uses: logging and metrics, the error envelope, body limit
 * and role guard, then zod validation of body, query, path and headers through the Powertools parser.
 * The handler receives typed, validated input and returns an HttpResult.
 */
export function httpHandler<
  TBody extends z.ZodType | undefined,
  TQuery extends z.ZodType | undefined,
  TParams extends z.ZodType | undefined,
  THeaders extends z.ZodType | undefined,
>(
  route: RouteSpec<TBody, TQuery, TParams, THeaders>,
  handle: (request: HttpRequest<Infer<TBody>, Infer<TQuery>, Infer<TParams>, Infer<THeaders>>) => Promise<HttpResult>,
) {
  const schema = eventSchemaFor(route as RouteSpec);
  return middy<APIGatewayProxyEventV2, APIGatewayProxyResultV2>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(logMetrics(metrics))
    .use(errorResponder())
    .use(requestGuard(route as RouteSpec))
    .use(parser({ schema }) as middy.MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyResultV2>)
    .handler(async (parsed, context) => {
      const event = parsed as APIGatewayProxyEventV2 & { body: unknown; queryStringParameters: unknown; pathParameters: unknown };
      const result = await handle({
        body: event.body as Infer<TBody>,
        query: event.queryStringParameters as Infer<TQuery>,
        params: event.pathParameters as Infer<TParams>,
        headers: event.headers as Infer<THeaders>,
        caller: (context as ContextWithCaller).caller as Caller,
        requestId: event.requestContext.requestId,
        event,
        context,
      });
      return result as unknown as APIGatewayProxyResultV2;
    });
}

export type ContextWithCaller = Context & { caller?: Caller };
