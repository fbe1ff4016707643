import type { AnyRoute } from '../../../lambdas/core/http/route';
import { httpEvent as baseEvent, type HttpEventOptions } from '../../support/lambda-http';

export { invoke } from '../../support/lambda-http';

/** Report routes are ops routes: events default to the ops user `ops-li`. */
export const httpEvent = (route: AnyRoute, options: HttpEventOptions = {}) => baseEvent(route, { sub: 'ops-li', groups: ['ops'], ...options });
