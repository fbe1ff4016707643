import type { ErrorDetail } from '../errors';

interface Issue {
  readonly message: string;
  readonly path?: ReadonlyArray<PropertyKey | { readonly key: PropertyKey }> | undefined;
}

const sectionNames: Record<string, string> = {
  body: 'body',
  queryStringParameters: 'query',
  pathParameters: 'path',
  headers: 'header',
};

/** Turns schema issues into the contract's `details`: one entry per problem, with a readable path. */
export function issuesToDetails(issues: readonly Issue[]): ErrorDetail[] {
  return issues.map((issue) => {
    const segments = (issue.path ?? []).map((segment) =>
      String(typeof segment === 'object' && segment !== null ? segment.key : segment),
    );
    const [first, ...rest] = segments;
    const section = first !== undefined ? (sectionNames[first] ?? first) : 'request';
    return { path: [section, ...rest].join('.'), message: issue.message };
  });
}
