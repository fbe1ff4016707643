import { Duration } from 'aws-cdk-lib';
import { MathExpression, Metric } from 'aws-cdk-lib/aws-cloudwatch';

/** EventBridge Pipes' CloudWatch metrics (namespace AWS/EventBridge/Pipes, dimension PipeName), per minute. */
export type PipeMetricName = 'ExecutionFailed' | 'ExecutionThrottled' | 'TargetStageFailed' | 'EventCount' | 'Invocations';

export const pipeMetric = (pipeName: string, metricName: PipeMetricName) =>
  new Metric({ namespace: 'AWS/EventBridge/Pipes', metricName, dimensionsMap: { PipeName: pipeName }, statistic: 'Sum', period: Duration.minutes(1) });

/** Failed executions plus failed target deliveries (the queue refused the message), missing data as 0. */
export const pipeFailures = (pipeName: string) =>
  new MathExpression({
    expression: 'FILL(executionFailed, 0) + FILL(targetStageFailed, 0)',
    usingMetrics: { executionFailed: pipeMetric(pipeName, 'ExecutionFailed'), targetStageFailed: pipeMetric(pipeName, 'TargetStageFailed') },
    label: 'Pipe failures',
    period: Duration.minutes(1),
  });
