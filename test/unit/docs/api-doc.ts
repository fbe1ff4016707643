import type { HttpMethod, RouteAuth } from '../../../lambdas/core/http/route';

/**
 * Reads docs/api.md strictly, so that the page cannot drift from the declared routes unnoticed:
 * - a route is a level-3 heading `### METHOD /path` and nothing else on the line;
 * - any other heading that looks like a route (a method word, `/v1`, `/_local`) is a problem;
 * - `/v1/` routes belong before the "Local-only routes" section, local ones inside it;
 * - every `METHOD /v1/...` and every bare `/v1/...` path anywhere in the text is collected, so a
 *   typo in prose is caught as well as one in a heading.
 */

export const HTTP_METHODS: readonly HttpMethod[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
const LOCAL_SECTION = /^## Local-only routes$/;
const ROUTE_HEADING = /^### (GET|POST|PUT|PATCH|DELETE) (\/[A-Za-z0-9_{}./-]*)$/;
const LOOKS_LIKE_ROUTE = /\b(get|post|put|patch|delete)\b\s+\/|\/v1\b|\/_local\b/i;
const HEADING = /^(#{1,6})\s/;
const PATH_CHARS = '[A-Za-z0-9_{}/-]';
const ROUTE_MENTION = new RegExp(`\\b(GET|POST|PUT|PATCH|DELETE) (/v1/${PATH_CHARS}*)`, 'g');
const PATH_MENTION = new RegExp(`(?<![A-Za-z_/.])/v1/${PATH_CHARS}*`, 'g');
const LOCAL_PATHS = /^(\/_local\/[A-Za-z0-9_{}/-]+|\/openapi\.json|\/docs)$/;

export interface DocumentedRoute {
  readonly method: HttpMethod;
  readonly path: string;
  readonly line: number;
  readonly section: 'api' | 'local';
  /** The lines under the heading, up to the next heading. */
  readonly body: readonly string[];
}

export interface Mention {
  readonly text: string;
  readonly line: number;
}

export interface ApiDoc {
  readonly routes: readonly DocumentedRoute[];
  /** `METHOD /v1/path` anywhere in the text (headings included). */
  readonly routeMentions: readonly Mention[];
  /** Bare `/v1/...` paths anywhere in the text. */
  readonly pathMentions: readonly Mention[];
  /** Malformed or misplaced route headings, duplicates. */
  readonly problems: readonly string[];
}

export const routeKey = (route: { method: string; path: string }) => `${route.method} ${route.path}`;

export function parseApiDoc(markdown: string): ApiDoc {
  const lines = markdown.split(/\r?\n/);
  const routes: DocumentedRoute[] = [];
  const routeMentions: Mention[] = [];
  const pathMentions: Mention[] = [];
  const problems: string[] = [];
  let section: 'api' | 'local' = 'api';
  let inFence = false;
  let current: { method: HttpMethod; path: string; line: number; section: 'api' | 'local'; body: string[] } | undefined;

  const close = () => {
    if (current) routes.push(current);
    current = undefined;
  };

  lines.forEach((text, index) => {
    const line = index + 1;
    for (const match of text.matchAll(ROUTE_MENTION)) routeMentions.push({ text: `${match[1]} ${match[2]}`, line });
    for (const match of text.matchAll(PATH_MENTION)) pathMentions.push({ text: match[0], line });

    if (/^\s*```/.test(text)) inFence = !inFence;
    const heading = !inFence && HEADING.exec(text);
    if (!heading) {
      current?.body.push(text);
      return;
    }
    close();
    if (heading[1] === '##') section = LOCAL_SECTION.test(text) ? 'local' : 'api';

    const route = ROUTE_HEADING.exec(text);
    if (!route) {
      if (LOOKS_LIKE_ROUTE.test(text)) problems.push(`line ${line}: malformed route heading "${text}" (expected "### METHOD /path")`);
      return;
    }
    const method = HTTP_METHODS.find((candidate) => candidate === route[1]);
    const path = route[2];
    if (method === undefined || path === undefined) return;
    if (path.startsWith('/v1/') && section !== 'api') problems.push(`line ${line}: ${method} ${path} is an API route inside the local-only section`);
    if (!path.startsWith('/v1/') && section !== 'local') problems.push(`line ${line}: ${method} ${path} is not a /v1 route but sits outside the local-only section`);
    if (!path.startsWith('/v1/') && !LOCAL_PATHS.test(path)) problems.push(`line ${line}: ${method} ${path} is neither a /v1 route nor a local-only route`);
    if (path.length > 1 && path.endsWith('/')) problems.push(`line ${line}: ${method} ${path} ends with a slash`);
    current = { method, path, line, section, body: [] };
  });
  close();

  const seen = new Map<string, number>();
  for (const route of routes) {
    const key = routeKey(route);
    const first = seen.get(key);
    if (first !== undefined) problems.push(`line ${route.line}: ${key} is documented twice (first on line ${first})`);
    else seen.set(key, route.line);
  }
  return { routes, routeMentions, pathMentions, problems };
}

/** What a route's `- **Auth:** …` line must say, from its declaration. */
export function authText(auth: RouteAuth): string {
  if (auth === 'public') return 'none';
  if (auth.groups.length === 0) return 'any signed-in user';
  return auth.groups.map((group) => `\`${group}\``).join(' or ');
}

/** The `- **Auth:** …` value of a documented route, or undefined when it has no such line. */
export function documentedAuth(route: DocumentedRoute): string | undefined {
  const lines = route.body.flatMap((text) => {
    const match = /^- \*\*Auth:\*\* (.+)$/.exec(text);
    return match ? [match[1]!.trim()] : [];
  });
  return lines.length === 1 ? lines[0] : undefined;
}

/** Success statuses the section names in bold (`**200**`, `**201**`…). */
export function documentedSuccessStatuses(route: DocumentedRoute): number[] {
  const statuses = new Set<number>();
  for (const text of route.body) for (const match of text.matchAll(/\*\*(2\d\d)\*\*/g)) statuses.add(Number(match[1]));
  return [...statuses].sort((a, b) => a - b);
}

/** Differences between two sets of `METHOD /path` keys, for readable assertions. */
export function compareRouteSets(documented: Iterable<string>, declared: Iterable<string>): { undocumented: string[]; unknown: string[] } {
  const doc = new Set(documented);
  const dec = new Set(declared);
  return {
    undocumented: [...dec].filter((key) => !doc.has(key)).sort(),
    unknown: [...doc].filter((key) => !dec.has(key)).sort(),
  };
}
