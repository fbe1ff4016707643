import type { z } from 'zod';
import type { AnyRoute } from '../../lambdas/core/http/route';
import { routeResponses } from '../../lambdas/core/http/route-responses';
import { errorResponseSchema } from '../../lambdas/core/http/schemas';
import { routes } from '../../lambdas/routes';

/** What the contract check needs of an HTTP response. */
export interface ObservedResponse {
  status: number;
  headers: Headers;
  /** Parsed JSON, or the text when the body is not JSON. */
  body: unknown;
  text: string;
}

const templatePattern = (path: string) => new RegExp(`^${path.replace(/\{[^/}]+\}/g, '[^/]+')}$`);
const templateCount = (path: string) => path.split('{').length - 1;
// Literal segments win over templates, as in API Gateway.
const compiledRoutes = [...routes]
  .sort((a, b) => templateCount(a.path) - templateCount(b.path))
  .map((route) => ({ route, pattern: templatePattern(route.path) }));

/** The route API Gateway would pick for this request, as the local gateway matches them. */
export function findRoute(method: string, path: string): AnyRoute | undefined {
  const pathname = path.split('?')[0] ?? path;
  return compiledRoutes.find(({ route, pattern }) => route.method === method.toUpperCase() && pattern.test(pathname))?.route;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Keys the handler sent that the schema does not declare: zod strips them on parse, the document never mentions them. */
function undeclaredKeys(sent: unknown, parsed: unknown, at = 'body'): string[] {
  if (Array.isArray(sent) && Array.isArray(parsed)) return sent.flatMap((item, i) => undeclaredKeys(item, parsed[i], `${at}[${i}]`));
  if (!isPlainObject(sent) || !isPlainObject(parsed)) return [];
  return Object.entries(sent).flatMap(([key, value]) =>
    key in parsed ? undeclaredKeys(value, parsed[key], `${at}.${key}`) : [`${at}.${key} is not declared`],
  );
}

function schemaViolations(schema: z.ZodType, body: unknown): string[] {
  const result = schema.safeParse(body);
  if (!result.success) return result.error.issues.map((issue) => `body.${issue.path.join('.')}: ${issue.message}`);
  return undeclaredKeys(body, result.data);
}

/**
 * How a response departs from what its route declares (status, media type, body schema); empty when it
 * conforms. Only `/v1` is the API: an unknown `/v1` route must answer the 404 error envelope.
 */
export function responseContractViolations(method: string, path: string, response: ObservedResponse): string[] {
  if (!path.startsWith('/v1/')) return [];
  const route = findRoute(method, path);
  if (!route) {
    if (response.status !== 404) return [`no route: expected 404, got ${response.status}`];
    return schemaViolations(errorResponseSchema, response.body);
  }
  const content = routeResponses(route).get(response.status);
  if (!content) return [`status ${response.status} is not declared by ${route.id}`];
  const mediaTypes = Object.keys(content);
  if (mediaTypes.length === 0) return response.text === '' ? [] : [`status ${response.status} of ${route.id} declares no body`];
  const mediaType = response.headers.get('content-type')?.split(';')[0]?.trim() ?? '';
  const schema = content[mediaType];
  if (!schema) return [`media type "${mediaType}" is not declared by ${route.id} for ${response.status} (${mediaTypes.join(', ')})`];
  return schemaViolations(schema, mediaType === 'application/json' ? response.body : response.text);
}

/** Fails the calling test when a response is not what its route's OpenAPI declaration says. */
export function expectResponseContract(method: string, path: string, response: ObservedResponse): void {
  const violations = responseContractViolations(method, path, response);
  if (violations.length) {
    throw new Error(`Response to ${method} ${path} (${response.status}) breaks its declared contract:\n- ${violations.join('\n- ')}\n${response.text.slice(0, 500)}`);
  }
}
