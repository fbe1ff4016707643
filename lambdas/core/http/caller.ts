import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { UserGroup } from './route';

/** The scope every Cognito access token from the apps' sign-in (USER_SRP, refresh) carries; ID tokens have no scope. */
export const ACCESS_TOKEN_SCOPE = 'aws.cognito.signin.user.admin';

export interface Caller {
  userId: string;
  groups: ReadonlySet<UserGroup>;
}

const knownGroups: ReadonlySet<string> = new Set<UserGroup>(['sellers', 'buyers', 'ops']);

/**
 * API Gateway's JWT authorizer flattens array claims into a string such as `[sellers ops]`;
 * a JSON array string or a real array (other integrations) are accepted too.
 */
export function parseGroupsClaim(claim: unknown): UserGroup[] {
  let values: unknown[];
  if (Array.isArray(claim)) values = claim;
  else if (typeof claim === 'string') {
    const trimmed = claim.trim();
    if (trimmed.startsWith('[') && trimmed.includes('"')) {
      try {
        const parsed: unknown = JSON.parse(trimmed);
        values = Array.isArray(parsed) ? parsed : [];
      } catch {
        values = [];
      }
    } else values = trimmed.replace(/^\[|\]$/g, '').split(/[\s,]+/);
  } else values = [];
  return values.filter((value): value is UserGroup => typeof value === 'string' && knownGroups.has(value));
}

type ClaimsEvent = APIGatewayProxyEventV2 & {
  requestContext: { authorizer?: { jwt?: { claims?: Record<string, unknown> } } };
};

/**
 * The verified caller, or undefined when the request carried no verified access token. API Gateway's
 * JWT authorizer lets a Cognito ID token through whenever its `aud` is the app client: only an access
 * token (`token_use: access`) is a credential for this API (the deployed routes also require its scope).
 */
export function callerFrom(event: APIGatewayProxyEventV2): Caller | undefined {
  const claims = (event as ClaimsEvent).requestContext.authorizer?.jwt?.claims;
  const sub = claims?.sub;
  if (typeof sub !== 'string' || sub.length === 0) return undefined;
  if (claims?.token_use !== 'access') return undefined;
  return { userId: sub, groups: new Set(parseGroupsClaim(claims?.['cognito:groups'])) };
}
