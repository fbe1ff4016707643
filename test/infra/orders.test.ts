import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { outboxFilterPattern, pipeInputTemplate, refundFilterPattern, refundPipeInputTemplate } from '../../lambdas/orders/outbox';
import { FULFILMENT_LAG_METRIC, orderSchedules } from '../../lambdas/orders/schedules';
import { cancelOrderRoute, getOrderRoute, listOrdersRoute, placeOrderRoute } from '../../lambdas/orders/routes';
import { stages } from '../../lib/config';
import { FULFILMENT_EVENT_SOURCE, FULFILMENT_WORKER_TIMEOUT_SECONDS } from '../../lib/constructs/orders-capability';
import { logicalIdOf, synthesize, type Statement } from '../support/synth';


const { app, data } = synthesize('prod', 'ap-northeast-1').regions[0]!;


function statementsOfRole(roleId: string): Statement[] {
  return Object.values(app.findResources('AWS::IAM::Policy'))
    .filter((policy) => (policy.Properties.Roles as { Ref: string }[]).some((role) => role.Ref === roleId))
    .flatMap((policy) => policy.Properties.PolicyDocument.Statement as Statement[])
    .filter((statement) => statement.Effect === 'Allow');
}
const roleOfFunction = (functionId: string) => (app.toJSON().Resources[functionId].Properties.Role['Fn::GetAtt'] as string[])[0]!;
const actions = (statements: Statement[]) => statements.flatMap((s) => [s.Action].flat()).sort();

const workerId = logicalIdOf(app, 'AWS::Lambda::Function', { Description: Match.stringLikeRegexp('^Fulfilment worker') });
const routeFunction = (route: { method: string; path: string }) => logicalIdOf(app, 'AWS::Lambda::Function', { Description: `${route.method} ${route.path}` });
const dlqId = Object.keys(data.findResources('AWS::SQS::Queue')).find((id) => id.startsWith('FulfilmentDlq'))!;
const outboxPipe = () => Object.values(app.findResources('AWS::Pipes::Pipe', { Properties: { Name: 'village-live-prod-orders-outbox' } }))[0]!;

describe('orders capability (CDK)', () => {
  it('the outbox is a Pipe from the orders stream, filtered to newly PAID orders, into the paid orders topic', () => {
    app.hasResourceProperties('AWS::Pipes::Pipe', {
      Source: Match.anyValue(),
      Target: Match.anyValue(),
      SourceParameters: {
        DynamoDBStreamParameters: Match.objectLike({ StartingPosition: 'TRIM_HORIZON' }),
        FilterCriteria: { Filters: [{ Pattern: JSON.stringify(outboxFilterPattern) }] },
      },
      TargetParameters: { InputTemplate: pipeInputTemplate },
    });
    const pipe = outboxPipe();
    // The stream ARN arrives through SSM (a weak reference, test/infra/weak-references.test.ts).
    const sourceParameter = (app.toJSON().Parameters ?? {})[pipe.Properties.Source.Ref];
    expect(sourceParameter).toMatchObject({ Type: 'AWS::SSM::Parameter::Value<String>', Default: '/village-live/prod/data/orders-stream-arn' });
    expect(JSON.stringify(pipe.Properties.Target)).toMatch(/PaidOrdersTopic/);
  });

  it('the paid orders topic is encrypted and fans out, raw, to the fulfilment and ticker queues with a delivery DLQ; each queue accepts this topic only', () => {
    data.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    const subscriptions = Object.values(data.findResources('AWS::SNS::Subscription'));
    expect(subscriptions.map((s) => JSON.stringify(s.Properties.Endpoint)).sort()).toEqual([expect.stringMatching(/FulfilmentQueue/), expect.stringMatching(/TickerQueue/)]);
    for (const subscription of subscriptions) {
      expect(subscription.Properties).toMatchObject({ Protocol: 'sqs', RawMessageDelivery: true });
      expect(JSON.stringify(subscription.Properties.RedrivePolicy)).toMatch(/PaidOrdersDeliveryDlq/);
    }
    const policies = Object.values(data.findResources('AWS::SQS::QueuePolicy')).filter((p) => JSON.stringify(p).includes('sns.amazonaws.com'));
    for (const policy of policies) {
      for (const statement of policy.Properties.PolicyDocument.Statement.filter((st: { Principal?: { Service?: string } }) => st.Principal?.Service === 'sns.amazonaws.com')) {
        expect(statement.Action).toBe('sqs:SendMessage');
        expect(JSON.stringify(statement.Condition)).toMatch(/aws:SourceArn[\s\S]*PaidOrdersTopic/);
      }
    }
    expect(policies.length).toBeGreaterThanOrEqual(3);
  });

  it('the pipe role reads the stream, publishes to the topic (its AWS-managed key through SNS only) and dead-letters, nothing else', () => {
    const roleId = outboxPipe().Properties.RoleArn['Fn::GetAtt'][0] as string;
    expect(actions(statementsOfRole(roleId))).toEqual([
      'dynamodb:DescribeStream',
      'dynamodb:GetRecords',
      'dynamodb:GetShardIterator',
      'dynamodb:ListStreams',
      'kms:Decrypt',
      'kms:GenerateDataKey',
      'sns:Publish',
      'sqs:SendMessage',
    ]);
    const send = statementsOfRole(roleId).find((s) => s.Action === 'sqs:SendMessage')!;
    expect(JSON.stringify(send.Resource)).toMatch(/OutboxDlq/);
    expect(JSON.stringify(send.Resource)).not.toMatch(/FulfilmentQueue/);
  });

  it('only the outbox pipe of this account may assume the pipe role (aws:SourceArn and aws:SourceAccount)', () => {
    const pipe = outboxPipe();
    expect(pipe.Properties.Name).toBe('village-live-prod-orders-outbox');
    const roleId = pipe.Properties.RoleArn['Fn::GetAtt'][0] as string;
    const trust = app.toJSON().Resources[roleId].Properties.AssumeRolePolicyDocument.Statement;
    expect(trust).toEqual([
      {
        Effect: 'Allow',
        Action: 'sts:AssumeRole',
        Principal: { Service: 'pipes.amazonaws.com' },
        Condition: {
          StringEquals: {
            'aws:SourceAccount': { Ref: 'AWS::AccountId' },
            'aws:SourceArn': {
              'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':pipes:ap-northeast-1:', { Ref: 'AWS::AccountId' }, ':pipe/village-live-prod-orders-outbox']],
            },
          },
        },
      },
    ]);
  });

  it.each([
    ['prod', app],
    ['dev', synthesize('dev', 'ap-northeast-1').regions[0]!.app],
  ] as const)('%s: the worker has its reserved concurrency, and the queue never invokes it beyond that', (stage, template) => {
    const reserved = stages[stage].reservedConcurrency.fulfilmentWorker;
    const worker = logicalIdOf(template, 'AWS::Lambda::Function', { Description: Match.stringLikeRegexp('^Fulfilment worker') });
    expect(template.toJSON().Resources[worker].Properties.ReservedConcurrentExecutions).toBe(reserved);
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: worker },
      ScalingConfig: { MaximumConcurrency: Math.min(reserved, FULFILMENT_EVENT_SOURCE.maxConcurrency) },
    });
    expect(reserved).toBeGreaterThanOrEqual(2);
  });

  it('the worker consumes the queue in batches with partial batch failures', () => {
    app.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: workerId },
      BatchSize: FULFILMENT_EVENT_SOURCE.batchSize,
      MaximumBatchingWindowInSeconds: FULFILMENT_EVENT_SOURCE.maxBatchingWindowSeconds,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: FULFILMENT_EVENT_SOURCE.maxConcurrency },
    });
    app.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('^Fulfilment worker'),
      Runtime: 'nodejs24.x',
      Timeout: FULFILMENT_WORKER_TIMEOUT_SECONDS,
      Environment: { Variables: Match.objectLike({ ORDERS_TABLE: Match.anyValue() }) },
    });
  });

  it('the worker may read and conditionally write orders, and consume its queue; nothing more', () => {
    const statements = statementsOfRole(roleOfFunction(workerId));
    const dynamo = statements.filter((s) => actions([s]).some((a) => a.startsWith('dynamodb:')));
    expect(actions(dynamo)).toEqual(['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem']);
    expect(JSON.stringify(dynamo.map((s) => s.Resource))).not.toMatch(/CatalogTable|index/);
    const sqs = actions(statements.filter((s) => actions([s]).some((a) => a.startsWith('sqs:'))));
    expect(sqs).toEqual(expect.arrayContaining(['sqs:DeleteMessage', 'sqs:ReceiveMessage']));
    expect(sqs).not.toContain('sqs:SendMessage');
  });

  it('alarms to the alarm topic as soon as the fulfilment DLQ holds a message', () => {
    app.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Namespace: 'AWS/SQS',
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      EvaluationPeriods: 1,
      AlarmActions: [Match.anyValue()],
      Dimensions: [{ Name: 'QueueName', Value: Match.objectLike({ 'Fn::ImportValue': Match.stringLikeRegexp(dlqId) }) }],
    });
  });

  it('route functions get what their access tokens say: reads cannot write, placing moves stock', () => {
    const dynamoActions = (route: { method: string; path: string }) =>
      actions(statementsOfRole(roleOfFunction(routeFunction(route))).filter((s) => actions([s]).some((a) => a.startsWith('dynamodb:'))));
    for (const route of [listOrdersRoute, getOrderRoute]) {
      expect(dynamoActions(route).filter((a) => /Put|Update|Delete|Write/.test(a))).toEqual([]);
    }
    expect(dynamoActions(placeOrderRoute)).toEqual(expect.arrayContaining(['dynamodb:UpdateItem', 'dynamodb:PutItem']));
    expect(dynamoActions(cancelOrderRoute)).toEqual(expect.arrayContaining(['dynamodb:UpdateItem']));
  });

  it('placing and cancelling may update only stock shards in the catalog table', () => {
    for (const route of [placeOrderRoute, cancelOrderRoute]) {
      const catalogWrites = statementsOfRole(roleOfFunction(routeFunction(route))).filter(
        (s) => JSON.stringify(s.Resource).includes('CatalogTable') && actions([s]).some((a) => /Put|Update|Delete|Write/.test(a)),
      );
      expect(catalogWrites, route.path).toEqual([
        expect.objectContaining({
          Action: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:UpdateItem'],
          Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['STOCK#*'] } },
        }),
      ]);
    }
  });

  it('refunds: a second Pipe filtered to refunds that became PENDING, into the refund queue (DLQ after 10 receives, alarmed)', () => {
    const pipe = Object.values(app.findResources('AWS::Pipes::Pipe', { Properties: { Name: 'village-live-prod-orders-refunds' } }))[0]!;
    expect(pipe.Properties.SourceParameters.FilterCriteria.Filters).toEqual([{ Pattern: JSON.stringify(refundFilterPattern) }]);
    expect(pipe.Properties.TargetParameters.InputTemplate).toBe(refundPipeInputTemplate);
    expect(JSON.stringify(pipe.Properties.Target)).toMatch(/RefundQueue/);
    data.hasResourceProperties('AWS::SQS::Queue', { RedrivePolicy: { maxReceiveCount: 10, deadLetterTargetArn: Match.anyValue() } });
    app.hasResourceProperties('AWS::Lambda::EventSourceMapping', { FunctionResponseTypes: ['ReportBatchItemFailures'], EventSourceArn: Match.objectLike({ 'Fn::ImportValue': Match.stringLikeRegexp('RefundQueue') }) });
    app.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmDescription: Match.stringLikeRegexp('^A refund failed maxReceiveCount times') });
  });

  it('the lifecycle sweeps run on EventBridge Scheduler and read only the timer index (gsi4), never Scan', () => {
    for (const schedule of orderSchedules) {
      app.hasResourceProperties('AWS::Scheduler::Schedule', { ScheduleExpression: schedule.expression, ScheduleExpressionTimezone: 'Asia/Shanghai' });
      const fn = logicalIdOf(app, 'AWS::Lambda::Function', { Description: schedule.description });
      const statements = statementsOfRole(roleOfFunction(fn));
      expect(actions(statements)).not.toContain('dynamodb:Scan');
      const queries = statements.filter((statement) => [statement.Action].flat().includes('dynamodb:Query'));
      expect(JSON.stringify(queries)).toMatch(/\/index\/gsi4/);
    }
    app.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: FULFILMENT_LAG_METRIC, Namespace: 'VillageLive', Threshold: 0 });
  });
});
