import { Duration, Stack } from 'aws-cdk-lib';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { Dashboard, GraphWidget, MathExpression, Metric, TextWidget, type IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { businessMetrics, METRICS_NAMESPACE, METRICS_SERVICE } from '../../lambdas/core/business-metrics';
import type { AnyRoute } from '../../lambdas/core/http/route';
import type { StageConfig } from '../config';
import { pipeMetric } from './pipe-metrics';

export interface OperationsDashboardProps {
  readonly config: StageConfig;
  readonly api: IHttpApi;
  /** API Gateway's per-route metrics need detailed metrics on the stage (VillageHttpApi turns them on). */
  readonly stageName: string;
  readonly routes: readonly AnyRoute[];
  readonly chatReview: IFunction;
  readonly reportGenerator: IFunction;
  readonly outboxPipeName: string;
  /** Queue depth per label, DLQs included. */
  readonly queues: Record<string, IQueue>;
}

const perMinute = Duration.minutes(1);
const business = (metricName: string, label: string) =>
  new Metric({ namespace: METRICS_NAMESPACE, metricName, dimensionsMap: { service: METRICS_SERVICE }, statistic: 'Sum', period: perMinute, label });

/**
 * One CloudWatch dashboard per region: the business (orders placed and paid per minute, GMV), the API
 * (4xx and 5xx by route), chat review (p99, fallbacks), queue and DLQ depths, the outbox Pipe's
 * failures and the county report runs.
 */
export class OperationsDashboard extends Construct {
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: OperationsDashboardProps) {
    super(scope, id);
    const region = Stack.of(this).region;
    const routeMetric = (metricName: '4xx' | '5xx', route: AnyRoute) =>
      new Metric({
        namespace: 'AWS/ApiGateway',
        metricName,
        dimensionsMap: { ApiId: props.api.apiId, Stage: props.stageName, Method: route.method, Resource: route.path },
        statistic: 'Sum',
        period: perMinute,
        label: `${route.method} ${route.path}`,
      });
    const graph = (title: string, left: IMetric[], options: { right?: IMetric[]; width?: number } = {}) =>
      new GraphWidget({ title, left, right: options.right ?? [], width: options.width ?? 12, height: 6 });

    const fallbacks = new MathExpression({
      expression: 'FILL(errors, 0) + FILL(throttles, 0)',
      usingMetrics: {
        errors: props.chatReview.metricErrors({ period: perMinute, statistic: 'Sum' }),
        throttles: props.chatReview.metricThrottles({ period: perMinute, statistic: 'Sum' }),
      },
      label: 'Messages decided by the room fallback (review errors + throttles)',
      period: perMinute,
    });

    this.dashboard = new Dashboard(this, 'Dashboard', {
      dashboardName: `village-live-${props.config.stage}-${region}`,
      defaultInterval: Duration.hours(6),
    });
    this.dashboard.addWidgets(
      new TextWidget({
        markdown: `# village-live ${props.config.stage} · ${region}\nAlarms and what to do about them: docs/runbook.md.`,
        width: 24,
        height: 2,
      }),
    );
    this.dashboard.addWidgets(
      graph('Orders per minute', [business(businessMetrics.ordersPlaced, 'Placed'), business(businessMetrics.ordersPaid, 'Paid')]),
      graph('GMV per minute (fen, paid orders)', [business(businessMetrics.gmvFen, 'GMV (fen)')]),
    );
    this.dashboard.addWidgets(
      graph('4xx by route', props.routes.map((route) => routeMetric('4xx', route))),
      graph('5xx by route', props.routes.map((route) => routeMetric('5xx', route))),
    );
    this.dashboard.addWidgets(
      graph('Chat review duration p99 (IVS Chat allows 200 ms)', [props.chatReview.metricDuration({ period: perMinute, statistic: 'p99', label: 'p99' })]),
      graph('Chat review fallbacks', [fallbacks]),
    );
    this.dashboard.addWidgets(
      graph(
        'Queue depths (visible messages)',
        Object.entries(props.queues).map(([label, queue]) => queue.metricApproximateNumberOfMessagesVisible({ period: perMinute, statistic: 'Maximum', label })),
      ),
      graph('Outbox Pipe failures', [
        pipeMetric(props.outboxPipeName, 'ExecutionFailed'),
        pipeMetric(props.outboxPipeName, 'TargetStageFailed'),
        pipeMetric(props.outboxPipeName, 'ExecutionThrottled'),
      ]),
    );
    this.dashboard.addWidgets(
      graph(
        'County report runs',
        [
          new Metric({
            namespace: METRICS_NAMESPACE,
            metricName: businessMetrics.countySalesReportsGenerated,
            dimensionsMap: { service: METRICS_SERVICE },
            statistic: 'Sum',
            period: Duration.hours(1),
            label: 'Reports generated',
          }),
          props.reportGenerator.metricInvocations({ period: Duration.hours(1), statistic: 'Sum', label: 'Runs' }),
        ],
        { right: [props.reportGenerator.metricErrors({ period: Duration.hours(1), statistic: 'Sum', label: 'Failed runs' })], width: 24 },
      ),
    );
  }
}
