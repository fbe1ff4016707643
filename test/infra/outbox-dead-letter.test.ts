import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { outboxRetryPolicy } from '../../lambdas/orders/outbox';
import { queues } from '../../lib/topology';
import { synthesize } from '../support/synth';

describe.each(['prod', 'dev'] as const)('%s: the outbox Pipe dead-letters instead of retrying forever (issue 11, defect 4)', (stage) => {
  const { app } = synthesize(stage, 'ap-northeast-1').regions[0]!;
  // The outbox Pipe (newly PAID orders → the paid orders topic), not the refund Pipe beside it.
  const pipe = () => Object.values(app.findResources('AWS::Pipes::Pipe', { Properties: { Name: `village-live-${stage}-orders-outbox` } }))[0]!;
  const outboxDlqId = () => {
    const ids = Object.keys(
      app.findResources('AWS::SQS::Queue', { Properties: { MessageRetentionPeriod: 14 * 86_400, VisibilityTimeout: queues.outboxDlq.visibilityTimeoutSeconds } }),
    ).filter((id) => id.startsWith('OrdersOutboxDlq'));
    expect(ids).toHaveLength(1);
    return ids[0]!;
  };

  it('retries a record a bounded number of times and for a bounded age, then sends its batch to the outbox DLQ', () => {
    const parameters = pipe().Properties.SourceParameters.DynamoDBStreamParameters;
    expect(parameters.MaximumRetryAttempts).toBe(outboxRetryPolicy.maximumRetryAttempts);
    expect(parameters.MaximumRetryAttempts).toBeGreaterThanOrEqual(0);
    expect(parameters.MaximumRecordAgeInSeconds).toBe(outboxRetryPolicy.maximumRecordAgeSeconds);
    // Well inside the stream's 24 h retention, so the records can still be read once the cause is fixed.
    expect(parameters.MaximumRecordAgeInSeconds).toBeLessThanOrEqual(6 * 3600);
    expect(parameters.DeadLetterConfig).toEqual({ Arn: { 'Fn::GetAtt': [outboxDlqId(), 'Arn'] } });
  });

  it('the outbox DLQ is encrypted, TLS-only and keeps messages 14 days', () => {
    expect(queues.outboxDlq.retentionDays).toBe(14);
    expect(app.toJSON().Resources[outboxDlqId()].Properties).toMatchObject({ MessageRetentionPeriod: 14 * 86_400, SqsManagedSseEnabled: true });
    app.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: outboxDlqId() }],
      PolicyDocument: { Statement: [Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })] },
    });
  });

  it('alarms to the alarm topic as soon as the outbox DLQ holds a message', () => {
    app.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [outboxDlqId(), 'QueueName'] } }],
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      AlarmActions: [Match.anyValue()],
    });
  });

  it("alarms on the Pipe's own failures (ExecutionFailed + TargetStageFailed of this pipe)", () => {
    const pipeName = pipe().Properties.Name as string;
    const alarms = Object.values(app.findResources('AWS::CloudWatch::Alarm')).filter((alarm) =>
      JSON.stringify(alarm.Properties.Metrics ?? []).includes('AWS/EventBridge/Pipes') && JSON.stringify(alarm.Properties.Metrics).includes(`"${pipeName}"`),
    );
    expect(alarms).toHaveLength(1);
    const { Metrics, AlarmActions, Threshold, ComparisonOperator } = alarms[0]!.Properties;
    expect(AlarmActions).toHaveLength(1);
    expect([Threshold, ComparisonOperator]).toEqual([0, 'GreaterThanThreshold']);
    const stats = (Metrics as { MetricStat?: { Metric: { MetricName: string; Dimensions: unknown } } }[]).flatMap((m) => (m.MetricStat ? [m.MetricStat.Metric] : []));
    expect(stats.map((m) => m.MetricName).sort()).toEqual(['ExecutionFailed', 'TargetStageFailed']);
    for (const metric of stats) expect(metric.Dimensions).toEqual([{ Name: 'PipeName', Value: pipeName }]);
  });
});
