import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { AnyRoute, UserGroup } from '../../lambdas/core/http/route';
import { lambdaContext } from '../../local/lambda-context';

export interface HttpEventOptions {
  sub?: string;
  groups?: UserGroup[];
  /** `access` unless a test needs another token type (an ID token's is `id`). */
  tokenUse?: string;
  body?: unknown;
  /** Sent as it is (e.g. malformed JSON); wins over `body`. */
  rawBody?: string;
  headers?: Record<string, string>;
  pathParameters?: Record<string, string>;
  query?: Record<string, string>;
}

/** An HTTP API v2 event for `route`, as API Gateway sends it after the JWT authorizer. */
export function httpEvent(route: AnyRoute, options: HttpEventOptions = {}): APIGatewayProxyEventV2 {
  const routeKey = `${route.method} ${route.path}`;
  const body = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  return {
    version: '2.0',
    routeKey,
    rawPath: route.path,
    rawQueryString: new URLSearchParams(options.query ?? {}).toString(),
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
      authorizer: {
        jwt: {
          claims: { sub: options.sub ?? 'zhang', 'cognito:groups': `[${(options.groups ?? ['sellers']).join(' ')}]`, token_use: options.tokenUse ?? 'access' },
          scopes: null,
        },
      },
    },
    isBase64Encoded: false,
    ...(body === undefined ? {} : { body }),
    ...(options.pathParameters ? { pathParameters: options.pathParameters } : {}),
    ...(options.query ? { queryStringParameters: options.query } : {}),
  } as unknown as APIGatewayProxyEventV2;
}

/** Invokes a handler like Lambda would; the body is parsed when it is JSON (CSV and HTML stay text). */
export async function invoke(handler: (event: any, context: any) => Promise<unknown>, event: APIGatewayProxyEventV2) {
  const result = (await handler(event, lambdaContext('test'))) as APIGatewayProxyStructuredResultV2;
  let body: any;
  try {
    body = result.body ? JSON.parse(result.body) : undefined;
  } catch {
    body = result.body;
  }
  return { status: result.statusCode, headers: (result.headers ?? {}) as Record<string, string>, body, raw: result.body ?? '' };
}
