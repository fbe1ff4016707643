import type { z } from 'zod';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type UserGroup = 'sellers' | 'buyers' | 'ops';

/**
 * What a route's function may touch. The CDK app turns each token into the narrowest grant it can,
 * so a route declares its needs once and IAM follows.
 */
export type Access =
  /** Reads of the whole catalog table and its indexes. */
  | 'catalog:read'
  /**
   * Catalog writes (Put, Update, Delete) are granted by partition key prefix (IAM `dynamodb:LeadingKeys`,
   * lib/constructs/access-grants.ts); none includes reads. Seller-owned items only: SELLER#…
   * (profile, products, pin, channel, chat settings and bans).
   */
  | 'catalog:write:seller'
  /** SELLER#… and the product's stock shards STOCK#… (a product is created and restocked with its shards). */
  | 'catalog:write:products'
  /** SELLER#… and the lookups an IVS event or a chat review resolves: CHANNEL#…, ROOM#…. */
  | 'catalog:write:channel'
  /** SELLER#… and stock and flash-stock shards, STOCK#… and FLASH#… (a flash pin sets units aside). */
  | 'catalog:write:pins'
  /** Only UpdateItem on stock and flash-stock shard items (orders take and give back units). */
  | 'catalog:stock'
  | 'orders:read'
  | 'orders:write'
  | 'reports:read'
  | 'reports:write'
  | 'fulfilment:send'
  /** Live table (lambdas/live/model.ts), by partition key prefix: Put/Delete of BUYER#… and FOLLOWERS#… (follow, unfollow). */
  | 'live:follows'
  /** Query/Get of the caller-scoped live partitions: BUYER#… (following list), INBOX#… (notifications), REPLAYS#… (replays). */
  | 'live:read:following'
  | 'live:read:notifications'
  | 'live:read:replays'
  | 'ivs:channels'
  | 'ivs:metadata'
  | 'ivschat:rooms'
  | 'ivschat:tokens'
  | 'ivschat:moderate'
  /** Get and Put on the caller's own seller application (APPLICATION#…); nothing else in the catalog table. */
  | 'accounts:apply'
  /** Get on applications and Query on the catalog table's gsi1 (applications by status). */
  | 'accounts:read'
  /** Get and Update on applications (approve, reject). */
  | 'accounts:decide'
  /** AdminAddUserToGroup on this region's user pool (approval adds the user to `sellers`). */
  | 'cognito:sellers'
  /** The payment provider (lambdas/payments/provider.ts): read of the stage's Alipay secret by name, its gateway and notify URL. */
  | 'payments:provider';

/** A JSON body schema, or one schema per media type when the route also answers CSV, HTML… */
export type ResponseBody = z.ZodType | { readonly content: Readonly<Record<string, z.ZodType>> };

/** A route that needs a verified token; an empty `groups` list: any signed-in user. */
export interface ProtectedAuth {
  readonly groups: readonly UserGroup[];
}

/** `public`: no token. */
export type RouteAuth = 'public' | ProtectedAuth;

export interface RouteSpec<
  TBody extends z.ZodType | undefined = z.ZodType | undefined,
  TQuery extends z.ZodType | undefined = z.ZodType | undefined,
  TParams extends z.ZodType | undefined = z.ZodType | undefined,
  THeaders extends z.ZodType | undefined = z.ZodType | undefined,
  TAuth extends RouteAuth = RouteAuth,
> {
  /** Stable identifier: function and construct names derive from it. */
  readonly id: string;
  readonly method: HttpMethod;
  /** API Gateway route path, e.g. `/v1/seller/products/{productId}`. */
  readonly path: string;
  readonly auth: TAuth;
  /** Handler module, relative to the repository root; it exports `handler`. */
  readonly entry: string;
  readonly summary: string;
  readonly tags?: readonly string[];
  readonly body?: TBody;
  /**
   * How the body arrives: JSON (default), or `form` (application/x-www-form-urlencoded, as payment
   * providers send their notifications): the fields become an object of strings before `body` parses it.
   */
  readonly bodyEncoding?: 'json' | 'form';
  readonly query?: TQuery;
  readonly params?: TParams;
  /** Validated request headers (names in lower case, as API Gateway delivers them). */
  readonly headers?: THeaders;
  /**
   * Every status the route answers, for the OpenAPI document and the e2e response check: a 2xx maps to
   * its JSON body schema, its bodies per media type, or null for no body; a 4xx/5xx maps to null (the
   * error envelope), or to its bodies per media type where a caller outside the contract needs another
   * answer (a payment provider's plain `fail`). 400, 500 and, with a token, 401 and 403 are implied.
   */
  readonly responses: Readonly<Record<number, ResponseBody | null>>;
  readonly access: readonly Access[];
  readonly memoryMb?: number;
  readonly timeoutSeconds?: number;
}

export const defineRoute = <
  TBody extends z.ZodType | undefined = undefined,
  TQuery extends z.ZodType | undefined = undefined,
  TParams extends z.ZodType | undefined = undefined,
  THeaders extends z.ZodType | undefined = undefined,
  TAuth extends RouteAuth = RouteAuth,
>(
  spec: RouteSpec<TBody, TQuery, TParams, THeaders, TAuth>,
): RouteSpec<TBody, TQuery, TParams, THeaders, TAuth> => spec;

export type AnyRoute = RouteSpec<z.ZodType | undefined, z.ZodType | undefined, z.ZodType | undefined, z.ZodType | undefined>;
