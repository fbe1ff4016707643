import { describe, expect, it } from 'vitest';
import { businessMetrics, METRICS_NAMESPACE } from '../../lambdas/core/business-metrics';
import { routes } from '../../lambdas/routes';
import { synthesize } from '../support/synth';

describe.each(['ap-northeast-1', 'eu-west-1'])('operations dashboard in prod %s', (region) => {
  const { app } = synthesize('prod', 'ap-northeast-1,eu-west-1').regions.find((r) => r.region === region)!;
  const dashboards = Object.values(app.findResources('AWS::CloudWatch::Dashboard'));
  /** The dashboard body with its tokens flattened to text, enough to look for metric names. */
  const body = () => JSON.stringify(dashboards[0]!.Properties.DashboardBody);

  it('exists once, named for the stage and region', () => {
    expect(dashboards).toHaveLength(1);
    expect(dashboards[0]!.Properties.DashboardName).toBe(`village-live-prod-${region}`);
  });

  it('shows orders placed and paid per minute and GMV, from the Powertools EMF metrics', () => {
    for (const name of [businessMetrics.ordersPlaced, businessMetrics.ordersPaid, businessMetrics.gmvFen]) {
      expect(body()).toMatch(new RegExp(`\\\\"${METRICS_NAMESPACE}\\\\",\\\\"${name}\\\\",\\\\"service\\\\",\\\\"village-live\\\\"`));
    }
    expect(body()).toContain('Orders per minute');
  });

  it('shows 4xx and 5xx for every route of lambdas/routes.ts, and the stage has the detailed metrics they need', () => {
    for (const route of routes) expect(body(), `${route.method} ${route.path}`).toContain(`\\"Method\\",\\"${route.method}\\",\\"Resource\\",\\"${route.path}\\"`);
    expect(body().match(/\\"AWS\/ApiGateway\\",\\"4xx\\"/g)).toHaveLength(routes.length);
    expect(body().match(/\\"AWS\/ApiGateway\\",\\"5xx\\"/g)).toHaveLength(routes.length);
    app.hasResourceProperties('AWS::ApiGatewayV2::Stage', { DefaultRouteSettings: { DetailedMetricsEnabled: true } });
  });

  it('shows chat review p99 and fallbacks, queue and DLQ depths, Pipe failures and report runs', () => {
    expect(body()).toContain('p99');
    expect(body()).toContain('FILL(errors, 0) + FILL(throttles, 0)');
    expect(body().match(/ApproximateNumberOfMessagesVisible/g)).toHaveLength(5);
    for (const queue of ['Fulfilment DLQ', 'Outbox DLQ', 'Live-status events DLQ', 'Report runs DLQ']) expect(body()).toContain(queue);
    for (const metric of ['ExecutionFailed', 'TargetStageFailed', 'ExecutionThrottled']) expect(body()).toContain(`\\"AWS/EventBridge/Pipes\\",\\"${metric}\\"`);
    expect(body()).toContain(businessMetrics.countySalesReportsGenerated);
  });
});
