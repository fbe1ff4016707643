import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from 'aws-lambda';
import { ApiError, forbidden, unauthenticated, validationFailed } from '../errors';
import { logger, metrics, traceLambdaHandler, tracer } from '../observability';
import { callerFrom, type Caller } from './caller';
import { errorEnvelope, type HttpResult } from './responses';
import type { RouteSpec } from './route';
import { issuesToDetails } from './validation';

/** The Lambda context, plus the verified caller once the guard has found one. */
export type ContextWithCaller = Context & { caller?: Caller };

type Middleware = middy.MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyResultV2, Error, ContextWithCaller>;
type Request = middy.Request<APIGatewayProxyEventV2, APIGatewayProxyResultV2, Error, ContextWithCaller>;

export const MAX_BODY_BYTES = 64 * 1024;

const requestIdOf = (request: Request) => request.event?.requestContext?.requestId ?? request.context.awsRequestId;

function toApiError(error: unknown): ApiError | undefined {
  if (error instanceof ApiError) return error;
  if (error instanceof Error && error.name === 'ParseError' && Array.isArray(error.cause)) {
    return validationFailed('The request does not match the schema', issuesToDetails(error.cause));
  }
  return undefined;
}

/** The handler's result as API Gateway takes it: JSON unless the result brings its own content type. */
export function toProxyResult(result: HttpResult, requestId: string): APIGatewayProxyResultV2 {
  metrics.addMetric(`Http${Math.floor(result.statusCode / 100)}xx`, MetricUnit.Count, 1);
  const headers: Record<string, string> = { 'x-request-id': requestId, ...result.headers };
  if (result.body === undefined) return { statusCode: result.statusCode, headers };
  if (typeof result.body === 'string' && headers['content-type']) {
    return { statusCode: result.statusCode, headers, body: result.body };
  }
  headers['content-type'] = 'application/json; charset=utf-8';
  return { statusCode: result.statusCode, headers, body: JSON.stringify(result.body) };
}

/**
 * Turns every failure into the contract's error envelope. Only ApiError and schema failures reach the
 * client as they are; anything else is logged and answered with a generic 500.
 */
export function errorResponder(): Middleware {
  return {
    onError: (request: Request) => {
      const requestId = requestIdOf(request);
      const apiError = toApiError(request.error);
      if (apiError) {
        logger.info('Request rejected', { statusCode: apiError.statusCode, code: apiError.code });
        const body = errorEnvelope(apiError.code, apiError.message, requestId, apiError.details);
        request.response = toProxyResult({ statusCode: apiError.statusCode, body }, requestId);
        return;
      }
      logger.error('Unhandled error', request.error as Error);
      request.response = toProxyResult(
        { statusCode: 500, body: errorEnvelope('INTERNAL', 'Something went wrong on our side', requestId) },
        requestId,
      );
    },
  };
}

/** Body limit (before any parsing) and the route's role check, in the order API Gateway + Lambda apply them. */
export function requestGuard(route: RouteSpec): Middleware {
  return {
    before: (request: Request) => {
      const { event } = request;
      if (event.body !== undefined && event.isBase64Encoded) {
        event.body = Buffer.from(event.body, 'base64').toString('utf8');
        event.isBase64Encoded = false;
      }
      if (event.body !== undefined && Buffer.byteLength(event.body, 'utf8') > MAX_BODY_BYTES) {
        throw validationFailed('The request body exceeds 64 KiB', [{ path: 'body', message: 'Too large' }]);
      }
      if (route.auth === 'public') return;
      const caller = callerFrom(event);
      if (!caller) throw unauthenticated();
      const allowed = route.auth.groups.length === 0 || route.auth.groups.some((group) => caller.groups.has(group));
      if (!allowed) throw forbidden();
      request.context.caller = caller;
      logger.appendKeys({ userId: caller.userId });
    },
  };
}

/** A 4xx answer (ApiError or schema failure) is the client's doing; anything answered 5xx is ours. */
const isClientError = (error: unknown) => (toApiError(error)?.statusCode ?? 500) < 500;

/**
 * The handler's X-Ray subsegment (Powertools' captureLambdaHandler), annotated with the route id so
 * traces can be searched by route. Only errors answered with a 5xx mark the trace as a fault.
 */
export function traceRoute(route: RouteSpec): Middleware {
  const capture = traceLambdaHandler();
  return {
    before: (request: Request) => {
      capture.before?.(request);
      tracer.putAnnotation('routeId', route.id);
    },
    after: (request: Request) => capture.after?.(request),
    onError: (request: Request) => (isClientError(request.error) ? capture.after?.(request) : capture.onError?.(request)),
  };
}
