import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildOpenApiDocument } from '../../../lambdas/core/http/openapi';
import type { AnyRoute } from '../../../lambdas/core/http/route';
import { routes } from '../../../lambdas/routes';
import {
  authText,
  compareRouteSets,
  documentedAuth,
  documentedSuccessStatuses,
  HTTP_METHODS,
  parseApiDoc,
  routeKey,
  type ApiDoc,
  type DocumentedRoute,
} from './api-doc';

const repoRoot = join(import.meta.dirname, '..', '..', '..');
const doc = parseApiDoc(readFileSync(join(repoRoot, 'docs', 'api.md'), 'utf8'));
const apiRoutes = doc.routes.filter((route) => route.section === 'api');
const localRoutes = doc.routes.filter((route) => route.section === 'local');

const declaredKeys = routes.map(routeKey);
const declaredPaths = new Set(routes.map((route) => route.path));

const openApi = buildOpenApiDocument(routes, { title: 'village-live API', version: '1.0.0' });
const openApiKeys = Object.entries(openApi.paths ?? {}).flatMap(([path, item]) =>
  Object.keys(item ?? {}).flatMap((name) => {
    const method = HTTP_METHODS.find((candidate) => candidate.toLowerCase() === name);
    return method ? [`${method} ${path}`] : [];
  }),
);

const successStatuses = (route: AnyRoute) =>
  Object.keys(route.responses)
    .map(Number)
    .filter((status) => status >= 200 && status < 300)
    .sort((a, b) => a - b);

/** Declared routes paired with their documented sections (documentation checked separately). */
function documentedPairs(parsed: ApiDoc, declared: readonly AnyRoute[]): [AnyRoute, DocumentedRoute][] {
  const byKey = new Map(parsed.routes.map((route) => [routeKey(route), route]));
  return declared.flatMap((route) => {
    const documented = byKey.get(routeKey(route));
    return documented ? [[route, documented] as [AnyRoute, DocumentedRoute]] : [];
  });
}

function authMismatches(parsed: ApiDoc, declared: readonly AnyRoute[]): string[] {
  return documentedPairs(parsed, declared).flatMap(([route, documented]) => {
    const said = documentedAuth(documented);
    const expected = authText(route.auth);
    return said === expected ? [] : [`${routeKey(route)} (line ${documented.line}): Auth says ${said ?? '(no single Auth line)'}, declared ${expected}`];
  });
}

describe('docs/api.md against the declared routes', () => {
  it('has no malformed, misplaced or repeated route headings', () => {
    expect(doc.problems).toEqual([]);
  });

  it('documents every route of lambdas/routes.ts, and no other /v1 route', () => {
    expect(compareRouteSets(apiRoutes.map(routeKey), declaredKeys)).toEqual({ undocumented: [], unknown: [] });
  });

  it("documents exactly the operations in the generated OpenAPI document's paths", () => {
    expect(openApiKeys.length).toBeGreaterThan(0);
    expect(compareRouteSets(apiRoutes.map(routeKey), openApiKeys)).toEqual({ undocumented: [], unknown: [] });
    expect(compareRouteSets(openApiKeys, declaredKeys)).toEqual({ undocumented: [], unknown: [] });
  });

  it('names only declared routes wherever it writes METHOD /v1/…', () => {
    const declared = new Set(declaredKeys);
    expect(doc.routeMentions.filter((mention) => !declared.has(mention.text))).toEqual([]);
  });

  it('names only declared paths wherever it writes /v1/…', () => {
    expect(doc.pathMentions.filter((mention) => !declaredPaths.has(mention.text))).toEqual([]);
  });

  it('says who may call each route, as the route declares it', () => {
    expect(authMismatches(doc, routes)).toEqual([]);
  });

  it('names exactly the success statuses each route declares', () => {
    const mismatches = documentedPairs(doc, routes).flatMap(([route, documented]) => {
      const said = documentedSuccessStatuses(documented);
      const declared = successStatuses(route);
      return said.join() === declared.join() ? [] : [`${routeKey(route)} (line ${documented.line}): documents ${said.join(', ') || 'none'}, declares ${declared.join(', ')}`];
    });
    expect(mismatches).toEqual([]);
  });

  it('keeps the local-only routes in their own section, outside the API comparison', () => {
    expect(localRoutes.length).toBeGreaterThan(0);
    for (const route of localRoutes) {
      expect(route.path.startsWith('/v1/'), routeKey(route)).toBe(false);
      expect(declaredKeys, routeKey(route)).not.toContain(routeKey(route));
    }
  });
});

describe('the api.md parser is strict', () => {
  const declared = ['GET /v1/seller/profile', 'POST /v1/orders'];
  const section = (heading: string, auth = 'any signed-in user') => `${heading}\nWhat it does.\n- **Auth:** ${auth}\n- **200** it.\n`;
  const page = (...parts: string[]) => ['# API', '## Seller', ...parts].join('\n');

  it('accepts a well-formed page', () => {
    const parsed = parseApiDoc(page(section('### GET /v1/seller/profile'), section('### POST /v1/orders')));
    expect(parsed.problems).toEqual([]);
    expect(compareRouteSets(parsed.routes.map(routeKey), declared)).toEqual({ undocumented: [], unknown: [] });
    expect(documentedSuccessStatuses(parsed.routes[0]!)).toEqual([200]);
  });

  it('a typo in a heading path shows as an unknown route and an undocumented one', () => {
    const parsed = parseApiDoc(page(section('### GET /v1/seller/profle'), section('### POST /v1/orders')));
    expect(compareRouteSets(parsed.routes.map(routeKey), declared)).toEqual({
      undocumented: ['GET /v1/seller/profile'],
      unknown: ['GET /v1/seller/profle'],
    });
  });

  it.each([
    ['a lower-case method', '### get /v1/seller/profile'],
    ['a wrong heading level', '#### GET /v1/seller/profile'],
    ['text after the path', '### GET /v1/seller/profile (own profile)'],
    ['a trailing space', '### GET /v1/seller/profile '],
    ['code marks around the route', '### `GET /v1/seller/profile`'],
    ['an unknown method', '### FETCH /v1/seller/profile'],
    ['a trailing slash', '### GET /v1/seller/profile/'],
  ])('a route heading with %s is a problem', (_case, heading) => {
    expect(parseApiDoc(page(section(heading))).problems).toHaveLength(1);
  });

  it('a route documented twice is a problem', () => {
    const parsed = parseApiDoc(page(section('### POST /v1/orders'), section('### POST /v1/orders')));
    expect(parsed.problems).toEqual([expect.stringMatching(/POST \/v1\/orders is documented twice/)]);
  });

  it('an API route inside the local-only section, or a local route outside it, is a problem', () => {
    const parsed = parseApiDoc(page(section('### GET /_local/queues'), '## Local-only routes', section('### POST /v1/orders')));
    expect(parsed.problems).toHaveLength(2);
  });

  it('a typo in prose is caught as a mention of an undeclared route and path', () => {
    const parsed = parseApiDoc(page('Call `POST /v1/order` first, then read `/v1/seller/profiles`.'));
    expect(parsed.routeMentions.map((mention) => mention.text)).toEqual(['POST /v1/order']);
    expect(parsed.pathMentions.map((mention) => mention.text)).toEqual(['/v1/order', '/v1/seller/profiles']);
  });

  it('a wrong or missing Auth line does not match the declaration', () => {
    const route = routes.find((candidate) => routeKey(candidate) === 'GET /v1/seller/profile')!;
    expect(authMismatches(parseApiDoc(page(section('### GET /v1/seller/profile', '`buyers`'))), [route])).toHaveLength(1);
    expect(authMismatches(parseApiDoc(page('### GET /v1/seller/profile\n- **200** it.')), [route])).toHaveLength(1);
    expect(authMismatches(parseApiDoc(page(section('### GET /v1/seller/profile', '`sellers`'))), [route])).toEqual([]);
  });

  it('headings inside code fences are not headings', () => {
    const parsed = parseApiDoc(page('```bash', '### GET /v1/not-a-heading', '```'));
    expect(parsed.routes).toEqual([]);
    expect(parsed.problems).toEqual([]);
  });
});
