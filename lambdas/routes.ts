import { accountRoutes } from './accounts/routes';
import { catalogRoutes } from './catalog/routes';
import { chatRoutes } from './chat/routes';
import type { AnyRoute } from './core/http/route';
import { liveRoutes } from './live/routes';
import { orderRoutes } from './orders/routes';
import { paymentRoutes } from './payments/routes';
import { platformRoutes } from './platform/routes';
import { reportRoutes } from './reports/routes';

/** Every HTTP route of the v1 API. CDK, the local gateway and the OpenAPI document all read this list. */
export const routes: readonly AnyRoute[] = [...platformRoutes, ...catalogRoutes, ...orderRoutes, ...paymentRoutes, ...reportRoutes, ...chatRoutes, ...accountRoutes, ...liveRoutes];
