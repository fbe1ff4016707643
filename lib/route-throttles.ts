import type { AnyRoute, HttpMethod } from '../lambdas/core/http/route';
import { DeploymentConfigError, type StageConfig } from './config';

const WRITE_METHODS: ReadonlySet<HttpMethod> = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export const isWriteRoute = (route: Pick<AnyRoute, 'method'>) => WRITE_METHODS.has(route.method);

/** The API Gateway v2 route key, `METHOD /path`, which RouteSettings are keyed by. */
export const routeKeyOf = (route: Pick<AnyRoute, 'method' | 'path'>) => `${route.method} ${route.path}`;

/** One entry of an `AWS::ApiGatewayV2::Stage` RouteSettings map. */
export interface RouteThrottleSetting {
  readonly ThrottlingRateLimit: number;
  readonly ThrottlingBurstLimit: number;
}

/**
 * The stage's RouteSettings for every write route (POST/PUT/PATCH/DELETE) of `routes`: the stage's write
 * throttle, or the route's override. Read routes keep the stage default. An override naming no write
 * route is refused, so a renamed route cannot silently fall back to the default.
 */
export function writeRouteThrottles(routes: readonly AnyRoute[], api: StageConfig['api']): Record<string, RouteThrottleSetting> {
  const writeRoutes = routes.filter(isWriteRoute);
  const unknown = Object.keys(api.writeThrottleOverrides).filter((id) => !writeRoutes.some((route) => route.id === id));
  if (unknown.length > 0) {
    throw new DeploymentConfigError(
      `api.writeThrottleOverrides names ${unknown.join(', ')}: not a write route of lambdas/routes.ts. Write routes: ${writeRoutes.map((r) => r.id).join(', ')}.`,
    );
  }
  return Object.fromEntries(
    writeRoutes.map((route) => {
      const throttle = api.writeThrottleOverrides[route.id] ?? api.writeThrottle;
      return [routeKeyOf(route), { ThrottlingRateLimit: throttle.ratePerSecond, ThrottlingBurstLimit: throttle.burst }];
    }),
  );
}
