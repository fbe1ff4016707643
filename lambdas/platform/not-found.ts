import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';
import { errorEnvelope } from '../core/http/responses';

/** API Gateway's `$default` route: an unknown route gets the contract's 404 envelope, before any auth. */
export const handler = async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyResultV2> => {
  const requestId = event.requestContext.requestId;
  return {
    statusCode: 404,
    headers: { 'content-type': 'application/json; charset=utf-8', 'x-request-id': requestId },
    body: JSON.stringify(
      errorEnvelope('NOT_FOUND', `No route for ${event.requestContext.http.method} ${event.rawPath}`, requestId),
    ),
  };
};
