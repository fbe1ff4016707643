import { describe, expect, it } from 'vitest';
import { routes } from '../../lambdas/routes';
import { DeploymentConfigError, MIN_UNRESERVED_CONCURRENCY, resolveDeployment, stages, type StageConfig } from '../../lib/config';
import { isWriteRoute, routeKeyOf, writeRouteThrottles } from '../../lib/route-throttles';
import { TEST_DEPLOY_CONTEXT } from '../support/synth';

const writeRouteKeys = routes.filter((route) => ['POST', 'PUT', 'PATCH', 'DELETE'].includes(route.method)).map(routeKeyOf);

describe('reserved concurrency (stage config)', () => {
  it.each(Object.values(stages))('$stage: leaves at least 100 unreserved executions and covers the provisioned ones', (config) => {
    const { accountQuota, chatReview, fulfilmentWorker } = config.reservedConcurrency;
    expect(accountQuota - chatReview - fulfilmentWorker).toBeGreaterThanOrEqual(MIN_UNRESERVED_CONCURRENCY);
    expect(chatReview).toBeGreaterThanOrEqual(config.chatReviewProvisionedConcurrency);
  });

  it('refuses reservations that would leave fewer than 100 unreserved executions', () => {
    const overrides: Partial<StageConfig> = { reservedConcurrency: { accountQuota: 1000, chatReview: 850, fulfilmentWorker: 60 } };
    expect(() => resolveDeployment({ stage: 'prod', ...TEST_DEPLOY_CONTEXT }, overrides)).toThrow(DeploymentConfigError);
    expect(() => resolveDeployment({ stage: 'prod', ...TEST_DEPLOY_CONTEXT }, overrides)).toThrow(/reserves 910 of 1000, leaving 90 unreserved; Lambda requires at least 100/);
    expect(() => resolveDeployment({ stage: 'prod', ...TEST_DEPLOY_CONTEXT }, { reservedConcurrency: { accountQuota: 1000, chatReview: 850, fulfilmentWorker: 50 } })).not.toThrow();
  });

  it('refuses a chat review reservation below its provisioned concurrency', () => {
    expect(() =>
      resolveDeployment({ stage: 'prod', ...TEST_DEPLOY_CONTEXT }, { chatReviewProvisionedConcurrency: 5, reservedConcurrency: { accountQuota: 1000, chatReview: 4, fulfilmentWorker: 20 } }),
    ).toThrow(/reservedConcurrency\.chatReview: must be at least chatReviewProvisionedConcurrency \(5\)/);
  });

  it('refuses a fulfilment reservation below the SQS event source minimum of 2', () => {
    expect(() => resolveDeployment({ stage: 'dev' }, { reservedConcurrency: { accountQuota: 1000, chatReview: 10, fulfilmentWorker: 1 } })).toThrow(
      /reservedConcurrency\.fulfilmentWorker/,
    );
  });
});

describe('write route throttles', () => {
  it('every POST/PUT/PATCH/DELETE route of lambdas/routes.ts, and no read route, gets a throttle', () => {
    expect(writeRouteKeys.length).toBeGreaterThan(10);
    for (const config of Object.values(stages)) {
      const settings = writeRouteThrottles(routes, config.api);
      expect(Object.keys(settings).sort()).toEqual([...writeRouteKeys].sort());
      expect(Object.keys(settings).some((key) => key.startsWith('GET '))).toBe(false);
    }
  });

  it('a route without an override gets the stage write throttle; an override wins for its route only', () => {
    const api: StageConfig['api'] = {
      throttleRatePerSecond: 2000,
      throttleBurst: 5000,
      writeThrottle: { ratePerSecond: 7, burst: 11 },
      writeThrottleOverrides: { placeOrder: { ratePerSecond: 4000, burst: 4500 } },
    };
    const settings = writeRouteThrottles(routes, api);
    expect(settings['POST /v1/orders']).toEqual({ ThrottlingRateLimit: 4000, ThrottlingBurstLimit: 4500 });
    expect(settings['POST /v1/orders/{orderId}/cancel']).toEqual({ ThrottlingRateLimit: 7, ThrottlingBurstLimit: 11 });
    expect(settings['PATCH /v1/seller/products/{productId}']).toEqual({ ThrottlingRateLimit: 7, ThrottlingBurstLimit: 11 });
  });

  it('prod lets order placement take a flash sale (5,000/s) while other writes stay far below it', () => {
    const settings = writeRouteThrottles(routes, stages.prod.api);
    expect(settings['POST /v1/orders']).toEqual({ ThrottlingRateLimit: 5000, ThrottlingBurstLimit: 5000 });
    expect(settings['POST /v1/chat/token']).toEqual({ ThrottlingRateLimit: 200, ThrottlingBurstLimit: 200 });
    expect(settings['POST /v1/seller/channel']).toEqual({ ThrottlingRateLimit: 5, ThrottlingBurstLimit: 5 });
    expect(settings['PUT /v1/seller/profile']).toEqual({ ThrottlingRateLimit: 100, ThrottlingBurstLimit: 200 });
  });

  it('refuses an override that names no write route (a typo, a read route, a renamed route)', () => {
    const api = (id: string): StageConfig['api'] => ({ ...stages.prod.api, writeThrottleOverrides: { [id]: { ratePerSecond: 1, burst: 1 } } });
    expect(() => writeRouteThrottles(routes, api('placeOrders'))).toThrow(DeploymentConfigError);
    expect(() => writeRouteThrottles(routes, api('listOrders'))).toThrow(/names listOrders: not a write route/);
  });

  it('isWriteRoute: POST, PUT, PATCH and DELETE only', () => {
    expect(['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].filter((method) => isWriteRoute({ method: method as 'GET' }))).toEqual(['POST', 'PUT', 'PATCH', 'DELETE']);
  });
});
