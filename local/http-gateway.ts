import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { errorEnvelope } from '../lambdas/core/http/responses';
import type { AnyRoute } from '../lambdas/core/http/route';
import { localAccountId } from './emulators/local-aws';
import type { LocalFunctions } from './functions/local-functions';
import type { LocalIssuer } from './local-issuer';
import { isJsonContentType, isLoopbackHost, needsJsonContentType } from './request-guards';

/** API Gateway HTTP API's own payload limit; the 64 KiB contract limit is the handlers' job. */
const GATEWAY_MAX_BODY_BYTES = 10 * 1024 * 1024;

export interface ControlRequest {
  body: unknown;
  query: Record<string, string>;
  params: Record<string, string>;
  /** Lower-case names, as Node gives them (e.g. `x-village-local-now`). */
  headers: Record<string, string>;
}
export interface ControlResponse {
  status: number;
  body?: unknown;
  contentType?: string;
}
/** Local-only routes (`/_local/*`, `/docs`…): plain functions, no Lambda event, no auth. */
export interface ControlRoute {
  method: string;
  path: string;
  handle(request: ControlRequest): Promise<ControlResponse> | ControlResponse;
}

interface CompiledPath {
  pattern: RegExp;
  names: string[];
}

function compilePath(path: string): CompiledPath {
  const names: string[] = [];
  const source = path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{(\w+)\+?\\?\}/g, (_match, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  return { pattern: new RegExp(`^${source}$`), names };
}

function matchPath(compiled: CompiledPath, path: string): Record<string, string> | undefined {
  const match = compiled.pattern.exec(path);
  if (!match) return undefined;
  return Object.fromEntries(compiled.names.map((name, i) => [name, decodeURIComponent(match[i + 1] ?? '')]));
}

async function readBody(request: IncomingMessage): Promise<Buffer | 'too-large'> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > GATEWAY_MAX_BODY_BYTES) return 'too-large';
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function send(response: ServerResponse, status: number, body: string | undefined, headers: Record<string, string> = {}) {
  response.writeHead(status, headers);
  response.end(body);
}

function sendEnvelope(response: ServerResponse, status: number, code: Parameters<typeof errorEnvelope>[0], message: string) {
  const requestId = randomUUID();
  send(response, status, JSON.stringify(errorEnvelope(code, message, requestId)), {
    'content-type': 'application/json; charset=utf-8',
    'x-request-id': requestId,
  });
}

/** Array claims reach Lambda flattened, as API Gateway's JWT authorizer does: `[sellers ops]`. */
function flattenClaims(payload: Record<string, unknown>): Record<string, string | number | boolean> {
  const claims: Record<string, string | number | boolean> = {};
  for (const [name, value] of Object.entries(payload)) {
    if (Array.isArray(value)) claims[name] = `[${value.join(' ')}]`;
    else if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') claims[name] = value;
  }
  return claims;
}

function buildEvent(
  route: AnyRoute,
  request: IncomingMessage,
  url: URL,
  pathParameters: Record<string, string>,
  body: Buffer,
  claims: Record<string, string | number | boolean> | undefined,
): APIGatewayProxyEventV2 {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  const query: Record<string, string> = {};
  for (const [name, value] of url.searchParams) query[name] = name in query ? `${query[name]},${value}` : value;
  const now = new Date();
  const routeKey = `${route.method} ${route.path}`;
  const event: APIGatewayProxyEventV2 = {
    version: '2.0',
    routeKey,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers,
    requestContext: {
      accountId: localAccountId,
      apiId: 'local',
      domainName: headers.host ?? '127.0.0.1',
      domainPrefix: 'local',
      http: {
        method: route.method,
        path: url.pathname,
        protocol: `HTTP/${request.httpVersion}`,
        sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey,
      stage: '$default',
      time: now.toISOString(),
      timeEpoch: now.getTime(),
    },
    isBase64Encoded: false,
  };
  if (Object.keys(query).length) event.queryStringParameters = query;
  if (Object.keys(pathParameters).length) event.pathParameters = pathParameters;
  if (body.length) event.body = body.toString('utf8');
  if (request.headers.cookie) event.cookies = request.headers.cookie.split(/;\s*/);
  if (claims) Object.assign(event.requestContext, { authorizer: { jwt: { claims, scopes: null } } });
  return event;
}

function bearerToken(request: IncomingMessage): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
  return match?.[1];
}

/**
 * The local HTTP API: matches API routes like API Gateway (unknown route → 404 before auth), verifies
 * the JWT like the JWT authorizer, builds the HTTP API v2 event and invokes the route's function.
 * Only loopback Host names reach it, and `/_local/*` writes only as JSON (`request-guards.ts`).
 */
export function createGateway(options: { routes: readonly AnyRoute[]; controlRoutes: readonly ControlRoute[]; issuer: LocalIssuer; functions: LocalFunctions }): Server {
  const apiRoutes = options.routes.map((route) => ({ route, path: compilePath(route.path) }));
  const controlRoutes = options.controlRoutes.map((route) => ({ route, path: compilePath(route.path) }));

  return createServer(async (request, response) => {
    try {
      if (!isLoopbackHost(request.headers.host)) {
        return sendEnvelope(response, 403, 'FORBIDDEN', 'The local API answers only to Host 127.0.0.1, localhost or [::1]');
      }
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      const method = request.method ?? 'GET';
      if (needsJsonContentType(method, url.pathname) && !isJsonContentType(request.headers['content-type'])) {
        return sendEnvelope(response, 415, 'VALIDATION_FAILED', 'Local control routes take content-type: application/json');
      }
      const body = await readBody(request);
      if (body === 'too-large') return sendEnvelope(response, 413, 'VALIDATION_FAILED', 'Request entity too large');

      for (const { route, path } of controlRoutes) {
        const params = route.method === method ? matchPath(path, url.pathname) : undefined;
        if (!params) continue;
        let parsedBody: unknown;
        try {
          parsedBody = body.length ? JSON.parse(body.toString('utf8')) : undefined;
        } catch {
          return sendEnvelope(response, 400, 'VALIDATION_FAILED', 'Malformed JSON body');
        }
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(request.headers)) if (typeof value === 'string') headers[name] = value;
        const result = await route.handle({ body: parsedBody, query: Object.fromEntries(url.searchParams), params, headers });
        const isText = typeof result.body === 'string';
        return send(response, result.status, result.body === undefined ? undefined : isText ? (result.body as string) : JSON.stringify(result.body), {
          'content-type': result.contentType ?? 'application/json; charset=utf-8',
        });
      }

      for (const { route, path } of apiRoutes) {
        const pathParameters = route.method === method ? matchPath(path, url.pathname) : undefined;
        if (!pathParameters) continue;
        let claims: Record<string, string | number | boolean> | undefined;
        if (route.auth !== 'public') {
          const token = bearerToken(request);
          if (!token) return sendEnvelope(response, 401, 'UNAUTHENTICATED', 'A bearer token is required');
          try {
            claims = flattenClaims(await options.issuer.verify(token));
          } catch {
            return sendEnvelope(response, 401, 'UNAUTHENTICATED', 'The token is invalid or expired');
          }
        }
        const event = buildEvent(route, request, url, pathParameters, body, claims);
        const result = (await options.functions.invoke(route, event)) as APIGatewayProxyStructuredResultV2;
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(result.headers ?? {})) headers[name] = String(value);
        return send(response, result.statusCode ?? 200, result.body, headers);
      }

      return sendEnvelope(response, 404, 'NOT_FOUND', `No route for ${method} ${url.pathname}`);
    } catch (error) {
      console.error('[gateway] invocation failed', error);
      if (!response.headersSent) sendEnvelope(response, 500, 'INTERNAL', 'Something went wrong on our side');
      else response.end();
    }
  });
}
