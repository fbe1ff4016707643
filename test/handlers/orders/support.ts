import type { AnyRoute } from '../../../lambdas/core/http/route';
import { httpEvent, invoke, type HttpEventOptions } from '../../support/lambda-http';

/** Order routes are mostly buyer routes: events default to the buyer `li`. */
export const orderEvent = (route: AnyRoute, options: HttpEventOptions = {}) =>
  httpEvent(route, { sub: 'li', groups: ['buyers'], ...options });

export const call = invoke;
