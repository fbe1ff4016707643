import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { vi } from 'vitest';
import type { AnyRoute, UserGroup } from '../../../lambdas/core/http/route';
import { lambdaContext } from '../../../local/lambda-context';

/** Catalog configuration the handlers read at init (CDK and the local runtime set the real values). */
export const catalogTestEnv = {
  CHAT_REVIEW_FUNCTION_ARN: 'arn:aws:lambda:us-east-1:123456789012:function:village-live-test-chat-review',
  CHAT_FALLBACK_RESULT: 'DENY',
  CHAT_MAX_MESSAGE_LENGTH: '200',
  CHAT_MAX_MESSAGE_RATE: '10',
};

/** An HTTP API v2 event for `route`, as API Gateway would send it after the JWT authorizer. */
export function httpEvent(
  route: AnyRoute,
  options: { sub?: string; groups?: UserGroup[]; body?: unknown; pathParameters?: Record<string, string>; query?: Record<string, string> } = {},
): APIGatewayProxyEventV2 {
  const routeKey = `${route.method} ${route.path}`;
  const event = {
    version: '2.0',
    routeKey,
    rawPath: route.path,
    rawQueryString: '',
    headers: { 'content-type': 'application/json' },
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
      authorizer: { jwt: { claims: { sub: options.sub ?? 'zhang', 'cognito:groups': `[${(options.groups ?? ['sellers']).join(' ')}]` }, scopes: null } },
    },
    isBase64Encoded: false,
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    ...(options.pathParameters ? { pathParameters: options.pathParameters } : {}),
    ...(options.query ? { queryStringParameters: options.query } : {}),
  };
  return event as unknown as APIGatewayProxyEventV2;
}

export async function invoke(handler: (event: any, context: any) => Promise<unknown>, event: APIGatewayProxyEventV2) {
  const result = (await handler(event, lambdaContext('test'))) as APIGatewayProxyStructuredResultV2;
  return { status: result.statusCode, body: result.body ? JSON.parse(result.body) : undefined, raw: result.body ?? '' };
}

/** Everything written to stdout/stderr (where Powertools and console log) while capturing. */
export function captureOutput() {
  const chunks: string[] = [];
  const spies = [process.stdout, process.stderr].map((stream) =>
    vi.spyOn(stream, 'write').mockImplementation(((chunk: unknown) => {
      chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
      return true;
    }) as typeof stream.write),
  );
  return {
    text: () => chunks.join(''),
    restore: () => spies.forEach((spy) => spy.mockRestore()),
  };
}
