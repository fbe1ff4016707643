import type { AnyRoute } from './core/http/route';
import { platformRoutes } from './platform/routes';
import { placeholderRoutes } from './platform/placeholder-routes';

/** Every HTTP route of the v1 API. CDK, the local gateway and the OpenAPI document all read this list. */
export const routes: readonly AnyRoute[] = [...platformRoutes, ...placeholderRoutes];
