import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { getCountySalesRoute, regenerateCountySalesRoute } from '../../lambdas/reports/routes';
import { countySalesSchedule, monthlyReportsSchedule } from '../../lambdas/reports/schedule';
import { logicalIdOf, synthesize, type Statement } from '../support/synth';

type Resource = { Type: string; Properties: Record<string, any>; [key: string]: unknown };

const { app, data } = synthesize('prod', 'ap-northeast-1').regions[0]!;


const functionId = (description: string) => logicalIdOf(app, 'AWS::Lambda::Function', { Description: description });
const generatorId = functionId(countySalesSchedule.description);
const getRouteId = functionId(`${getCountySalesRoute.method} ${getCountySalesRoute.path}`);
const monthlyId = functionId(monthlyReportsSchedule.description);
const regenerateRouteId = functionId(`${regenerateCountySalesRoute.method} ${regenerateCountySalesRoute.path}`);

/** Every Allow statement of the role of the function `functionLogicalId`. */
function statementsOf(functionLogicalId: string): Statement[] {
  const fn = app.toJSON().Resources[functionLogicalId] as Resource;
  const roleId = fn.Properties.Role['Fn::GetAtt'][0] as string;
  const policies = Object.values(app.findResources('AWS::IAM::Policy')).filter((policy) =>
    (policy.Properties.Roles as { Ref: string }[]).some((role) => role.Ref === roleId),
  );
  return policies.flatMap((policy) => policy.Properties.PolicyDocument.Statement as Statement[]).filter((s) => s.Effect === 'Allow');
}

const actionsOf = (statement: Statement) => [statement.Action].flat();
const resourceText = (statement: Statement) => JSON.stringify(statement.Resource);
const ordersTableId = logicalIdOf(data, 'AWS::DynamoDB::Table', { StreamSpecification: Match.anyValue() });
const reportsTableId = Object.keys(data.findResources('AWS::DynamoDB::Table')).find((id) => id.startsWith('ReportsTable'))!;
const catalogTableId = Object.keys(data.findResources('AWS::DynamoDB::Table')).find((id) => id.startsWith('CatalogTable'))!;
const bucketId = Object.keys(data.findResources('AWS::S3::Bucket', { Properties: { VersioningConfiguration: Match.anyValue() } }))[0]!;

/** The county sales schedule (the orders capability has its own schedules). */
const reportSchedule = () => Object.values(app.findResources('AWS::Scheduler::Schedule', { Properties: { ScheduleExpression: countySalesSchedule.expression } }))[0]!;

describe('reports capability (CDK)', () => {
  it('the generator is a BackendFunction sized for a whole day, given the table and bucket by name', () => {
    app.hasResourceProperties('AWS::Lambda::Function', {
      Description: countySalesSchedule.description,
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      MemorySize: countySalesSchedule.memoryMb,
      Timeout: countySalesSchedule.timeoutSeconds,
      Environment: { Variables: Match.objectLike({ ORDERS_TABLE: Match.anyValue(), REPORTS_BUCKET: Match.anyValue() }) },
    });
  });

  it.each([
    ['generator', () => generatorId],
    ['POST /v1/reports/county-sales', () => regenerateRouteId],
  ])('%s may Query the orders day index (gsi3) and read and write the aggregates, nothing else of DynamoDB', (_name, id) => {
    const dynamo = statementsOf(id()).filter((s) => actionsOf(s).some((action) => action.startsWith('dynamodb:')));
    expect(dynamo).toHaveLength(2);
    const orders = dynamo.filter((s) => resourceText(s).includes(ordersTableId));
    expect(orders).toHaveLength(1);
    expect(actionsOf(orders[0]!)).toEqual(['dynamodb:Query']);
    expect(resourceText(orders[0]!)).toContain('/index/gsi3');
    const aggregates = dynamo.find((s) => resourceText(s).includes(reportsTableId))!;
    expect(actionsOf(aggregates).sort()).toEqual(['dynamodb:BatchWriteItem', 'dynamodb:DeleteItem', 'dynamodb:PutItem', 'dynamodb:Query']);
  });

  it('the monthly generator reads aggregates and seller profiles only: no order, no Scan, no write', () => {
    const dynamo = statementsOf(monthlyId).filter((s) => actionsOf(s).some((action) => action.startsWith('dynamodb:')));
    expect(dynamo.map(resourceText).some((text) => text.includes(ordersTableId))).toBe(false);
    expect(actionsOf(dynamo.find((s) => resourceText(s).includes(reportsTableId))!)).toEqual(['dynamodb:Query']);
    const profiles = dynamo.find((s) => resourceText(s).includes(catalogTableId))!;
    expect(actionsOf(profiles).sort()).toEqual(['dynamodb:BatchGetItem', 'dynamodb:GetItem']);
    expect(JSON.stringify(profiles.Condition)).toContain('SELLER#*');
    const schedule = Object.values(app.findResources('AWS::Scheduler::Schedule', { Properties: { ScheduleExpression: monthlyReportsSchedule.expression } }));
    expect(schedule).toHaveLength(1);
    expect(schedule[0]!.Properties.ScheduleExpressionTimezone).toBe('Asia/Shanghai');
  });

  it.each([
    ['generator', () => generatorId],
    ['POST /v1/reports/county-sales', () => regenerateRouteId],
  ])('%s may only put objects under reports/ (no read, no delete)', (_name, id) => {
    const s3 = statementsOf(id()).filter((s) => actionsOf(s).some((action) => action.startsWith('s3:')));
    expect(s3).toHaveLength(1);
    expect(actionsOf(s3[0]!)).toContain('s3:PutObject');
    expect(actionsOf(s3[0]!).filter((a) => /Get|Delete|List/.test(a))).toEqual([]);
    expect(resourceText(s3[0]!)).toContain(bucketId);
    expect(resourceText(s3[0]!)).toContain('/reports/*');
  });

  it('GET /v1/reports/county-sales reads report objects under reports/ and touches no table', () => {
    const statements = statementsOf(getRouteId);
    expect(statements.flatMap(actionsOf).filter((action) => action.startsWith('dynamodb:'))).toEqual([]);
    const s3 = statements.filter((s) => actionsOf(s).some((action) => action.startsWith('s3:')));
    expect(s3.flatMap(actionsOf).filter((action) => /Put|Delete/.test(action))).toEqual([]);
    expect(s3.map(resourceText).join()).toContain('/reports/*');
  });

  it('GET /v1/reports/county-sales may list the bucket only under reports/ (s3:prefix), and get only objects there', () => {
    const s3 = statementsOf(getRouteId).filter((s) => actionsOf(s).some((action) => action.startsWith('s3:')));
    expect(s3.flatMap(actionsOf).sort()).toEqual(['s3:GetObject', 's3:ListBucket']);
    const list = s3.find((s) => actionsOf(s).includes('s3:ListBucket'))!;
    expect(list.Resource).toEqual({ 'Fn::ImportValue': expect.stringContaining(bucketId) });
    expect(list.Condition).toEqual({ StringLike: { 's3:prefix': ['reports/*'] } });
    const get = s3.find((s) => actionsOf(s).includes('s3:GetObject'))!;
    expect(resourceText(get)).toMatch(/\/reports\/\*"\]\]\}$/);
    expect(get.Condition).toBeUndefined();
  });

  it('schedules the generator daily at 00:05 Asia/Shanghai, with retries and a dead-letter queue', () => {
    expect(Object.keys(app.findResources('AWS::Scheduler::Schedule', { Properties: { ScheduleExpression: countySalesSchedule.expression } }))).toHaveLength(1);
    app.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(5 0 * * ? *)',
      ScheduleExpressionTimezone: 'Asia/Shanghai',
      State: 'ENABLED',
      FlexibleTimeWindow: { Mode: 'OFF' },
      Target: {
        Arn: { 'Fn::GetAtt': [generatorId, 'Arn'] },
        RoleArn: Match.anyValue(),
        Input: Match.serializedJson({ scheduledTime: '<aws.scheduler.scheduled-time>', executionId: Match.anyValue(), attemptNumber: Match.anyValue() }),
        RetryPolicy: { MaximumRetryAttempts: Match.anyValue(), MaximumEventAgeInSeconds: 6 * 3600 },
        DeadLetterConfig: { Arn: Match.anyValue() },
      },
    });
  });

  it('only EventBridge Scheduler of this account may use the schedule role, and it may only invoke the generator', () => {
    const schedule = reportSchedule();
    const roleId = schedule.Properties.Target.RoleArn['Fn::GetAtt'][0] as string;
    const role = app.toJSON().Resources[roleId] as Resource;
    const trust = role.Properties.AssumeRolePolicyDocument.Statement as { Principal: unknown; Condition: { StringEquals: object } }[];
    expect(trust).toHaveLength(1);
    expect(trust[0]!.Principal).toEqual({ Service: 'scheduler.amazonaws.com' });
    expect(Object.keys(trust[0]!.Condition.StringEquals).sort()).toEqual(['aws:SourceAccount', 'aws:SourceArn']);
    const policies = Object.values(app.findResources('AWS::IAM::Policy')).filter((policy) =>
      (policy.Properties.Roles as { Ref: string }[]).some((r) => r.Ref === roleId),
    );
    const actions = policies.flatMap((policy) => (policy.Properties.PolicyDocument.Statement as Statement[]).flatMap(actionsOf));
    expect(new Set(actions)).toEqual(new Set(['lambda:InvokeFunction', 'sqs:SendMessage']));
  });

  it('a run that keeps failing is retried twice by Lambda, then lands in the same encrypted dead-letter queue', () => {
    const schedule = reportSchedule();
    const dlqId = schedule.Properties.Target.DeadLetterConfig.Arn['Fn::GetAtt'][0] as string;
    app.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: generatorId },
      MaximumRetryAttempts: countySalesSchedule.asyncRetryAttempts,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [dlqId, 'Arn'] } } },
    });
    expect((app.toJSON().Resources[dlqId] as Resource).Properties).toMatchObject({ SqsManagedSseEnabled: true });
    app.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: dlqId }],
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  it('alarms the ops topic on a failed run and on anything in the dead-letter queue', () => {
    const topicId = Object.keys(app.findResources('AWS::SNS::Topic'))[0]!;
    const schedule = reportSchedule();
    const dlqId = schedule.Properties.Target.DeadLetterConfig.Arn['Fn::GetAtt'][0] as string;
    app.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: generatorId } }],
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: 'notBreaching',
      AlarmActions: [{ Ref: topicId }],
    });
    app.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [dlqId, 'QueueName'] } }],
      Threshold: 0,
      AlarmActions: [{ Ref: topicId }],
    });
  });

  it('acknowledges only the wildcards its grants must have, each with a reason', () => {
    const reportsPaths = ['/Reports/', '/Routes/GetCountySalesReportFunction', '/Routes/RegenerateCountySalesReportFunction'];
    const { built } = synthesize('prod', 'ap-northeast-1');
    const acknowledged: string[] = [];
    for (const construct of built.app.node.findAll()) {
      if (!reportsPaths.some((path) => construct.node.path.includes(path))) continue;
      for (const entry of construct.node.metadata) {
        if (entry.type !== 'aws:cdk:acknowledged-rules') continue;
        for (const [id, reason] of Object.entries(entry.data as Record<string, unknown>)) {
          if (!id.includes('IAM5[') || id.includes('Resource::*]') || id.includes('AWSLambdaBasicExecutionRole')) continue;
          acknowledged.push(id.replace(/^annotation::/i, '').replace(/\[Resource::.*(\/reports\/\*|:\*)\]$/, '[Resource::…$1]'));
          expect(JSON.stringify(reason).length).toBeGreaterThan(30);
        }
      }
    }
    expect(new Set(acknowledged)).toEqual(
      new Set([
        // No wildcard action: the grants name s3:GetObject, s3:ListBucket and s3:PutObject.
        'AwsSolutions-IAM5[Resource::…/reports/*]',
        'AwsSolutions-IAM5[Resource::…:*]',
      ]),
    );
  });
});
