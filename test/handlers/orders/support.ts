import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { AnyRoute, UserGroup } from '../../../lambdas/core/http/route';
import { lambdaContext } from '../../../local/lambda-context';

/** An HTTP API v2 event for `route`, as API Gateway sends it after the JWT authorizer. */
export function orderEvent(
  route: AnyRoute,
  options: { sub?: string; groups?: UserGroup[]; body?: unknown; rawBody?: string; headers?: Record<string, string>; pathParameters?: Record<string, string> } = {},
): APIGatewayProxyEventV2 {
  const routeKey = `${route.method} ${route.path}`;
  const body = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  return {
    version: '2.0',
    routeKey,
    rawPath: route.path,
    rawQueryString: '',
    headers: { 'content-type': 'application/json', ...options.headers },
    requestContext: {
      accountId: '123456789012',
      apiId: 'test',
      domainName: 'test',
      domainPrefix: 'test',
      http: { method: route.method, path: route.path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'vitest' },
      requestId: 'req-1',
      routeKey,
      stage: '$default',
      time: new Date().toISOString(),
      timeEpoch: Date.now(),
      authorizer: { jwt: { claims: { sub: options.sub ?? 'li', 'cognito:groups': `[${(options.groups ?? ['buyers']).join(' ')}]` }, scopes: null } },
    },
    isBase64Encoded: false,
    ...(body === undefined ? {} : { body }),
    ...(options.pathParameters ? { pathParameters: options.pathParameters } : {}),
  } as unknown as APIGatewayProxyEventV2;
}

export async function call(handler: (event: any, context: any) => Promise<unknown>, event: APIGatewayProxyEventV2) {
  const result = (await handler(event, lambdaContext('test'))) as APIGatewayProxyStructuredResultV2;
  return { status: result.statusCode, headers: (result.headers ?? {}) as Record<string, string>, body: result.body ? JSON.parse(result.body) : undefined };
}
