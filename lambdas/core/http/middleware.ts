import type middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';
import { ApiError, forbidden, unauthenticated, validationFailed } from '../errors';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logger, metrics } from '../observability';
import { callerFrom } from './caller';
import type { ContextWithCaller } from './handler';
import { errorEnvelope, type HttpResult } from './responses';
import type { RouteSpec } from './route';
import { issuesToDetails } from './validation';

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

function serialise(result: HttpResult, requestId: string): APIGatewayProxyResultV2 {
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
 * Serialises results and turns every failure into the contract's error envelope. Only ApiError and
 * schema failures reach the client as they are; anything else is logged and answered with a generic 500.
 */
export function errorResponder(): middy.MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyResultV2, Error, ContextWithCaller> {
  return {
    after: (request: Request) => {
      request.response = serialise(request.response as unknown as HttpResult, requestIdOf(request));
    },
    onError: (request: Request) => {
      const requestId = requestIdOf(request);
      const apiError = toApiError(request.error);
      if (apiError) {
        logger.info('Request rejected', { statusCode: apiError.statusCode, code: apiError.code });
        const body = errorEnvelope(apiError.code, apiError.message, requestId, apiError.details);
        request.response = serialise({ statusCode: apiError.statusCode, body }, requestId);
        return;
      }
      logger.error('Unhandled error', request.error as Error);
      request.response = serialise(
        { statusCode: 500, body: errorEnvelope('INTERNAL', 'Something went wrong on our side', requestId) },
        requestId,
      );
    },
  };
}

/** Body limit (before any parsing) and the route's role check, in the order API Gateway + Lambda apply them. */
export function requestGuard(route: RouteSpec): middy.MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyResultV2, Error, ContextWithCaller> {
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
