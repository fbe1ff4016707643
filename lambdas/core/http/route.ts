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
  | 'ivs:channels'
  | 'ivs:metadata'
  | 'ivschat:rooms'
  | 'ivschat:tokens'
  | 'ivschat:moderate';

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
  readonly query?: TQuery;
  readonly params?: TParams;
  /** Validated request headers (names in lower case, as API Gateway delivers them). */
  readonly headers?: THeaders;
  /** Documented responses for the OpenAPI document: status → schema (null for an empty body). */
  readonly responses: Readonly<Record<number, z.ZodType | null>>;
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
