import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { synthesize, type Statement } from '../support/synth';

type Resources = Record<string, { Type: string; Properties: Record<string, any> }>;

// Synthesis runs cdk-nag and throws on any finding that is not acknowledged with a reason.
const prod = synthesize('prod', 'ap-northeast-1').regions[0]!;
const dev = synthesize('dev', 'ap-northeast-1').regions[0]!;
const resources = prod.app.toJSON().Resources as Resources;

const functionId = (description: string) => {
  const ids = Object.keys(prod.app.findResources('AWS::Lambda::Function', { Properties: { Description: description } }));
  expect(ids, description).toHaveLength(1);
  return ids[0]!;
};
const statementsOf = (fnId: string): Statement[] => {
  const roleId = resources[fnId]!.Properties.Role['Fn::GetAtt'][0] as string;
  return Object.values(prod.app.findResources('AWS::IAM::Policy'))
    .filter((policy) => (policy.Properties.Roles as { Ref: string }[]).some((role) => role.Ref === roleId))
    .flatMap((policy) => policy.Properties.PolicyDocument.Statement as Statement[]);
};
const leadingKeysOf = (statements: Statement[], action: string) =>
  statements
    .filter((s) => [s.Action].flat().includes(action))
    .map((s) => (s.Condition?.['ForAllValues:StringLike'] as Record<string, unknown> | undefined)?.['dynamodb:LeadingKeys']);

describe('live capability (CDK)', () => {
  it('declares the live table (TTL expiresAt) and the fan-out queue with its DLQ in the data stack', () => {
    prod.data.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }],
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      TableName: Match.absent(),
    });
    prod.data.hasResourceProperties('AWS::SQS::Queue', {
      VisibilityTimeout: 120,
      RedrivePolicy: { maxReceiveCount: 5, deadLetterTargetArn: Match.anyValue() },
    });
  });

  it('has the region’s event bus, and the live-status function may put events on it and start the fan-out', () => {
    prod.app.resourceCountIs('AWS::Events::EventBus', 1);
    const statements = statementsOf(functionId('IVS Stream State Change → live status'));
    const actions = statements.flatMap((s) => [s.Action].flat());
    expect(actions).toEqual(expect.arrayContaining(['events:PutEvents', 'sqs:SendMessage']));
    expect(leadingKeysOf(statements, 'dynamodb:UpdateItem')).toEqual([['SELLER#*', 'COUNTY#*']]);
    const busId = Object.keys(prod.app.findResources('AWS::Events::EventBus'))[0]!;
    expect(resources[functionId('IVS Stream State Change → live status')]!.Properties.Environment.Variables.EVENT_BUS_NAME).toEqual({ Ref: busId });
  });

  it('the fan-out worker reads followers, batch-writes inboxes, and nothing else; partial batch failures; DLQ alarm', () => {
    const worker = functionId('Go-live fan-out: one page of followers → notifications');
    const statements = statementsOf(worker);
    expect(leadingKeysOf(statements, 'dynamodb:Query')).toEqual([['FOLLOWERS#*']]);
    expect(leadingKeysOf(statements, 'dynamodb:BatchWriteItem')).toEqual([['INBOX#*']]);
    expect(leadingKeysOf(statements, 'dynamodb:PutItem')).toEqual([['FANOUT#*']]);
    prod.app.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: worker },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BatchSize: 5,
    });
    prod.app.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmDescription: Match.stringLikeRegexp('fan-out pages were given up'),
      MetricName: 'ApproximateNumberOfMessagesVisible',
    });
  });

  it('recording events (Recording End) make replays; CloudFront reads the private bucket through origin access control', () => {
    prod.app.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { source: ['aws.ivs'], 'detail-type': ['IVS Recording State Change'], detail: { recording_status: ['Recording End'] } },
    });
    prod.app.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    prod.app.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        DefaultCacheBehavior: Match.objectLike({ ViewerProtocolPolicy: 'redirect-to-https', AllowedMethods: ['GET', 'HEAD'] }),
      }),
    });
    const recording = functionId('IVS Recording State Change → replay');
    expect(resources[recording]!.Properties.Environment.Variables.REPLAYS_CDN_DOMAIN).toEqual({ 'Fn::GetAtt': [expect.any(String), 'DomainName'] });
    const statements = statementsOf(recording);
    expect(leadingKeysOf(statements, 'dynamodb:GetItem')).toEqual([['CHANNEL#*']]);
    expect(leadingKeysOf(statements, 'dynamodb:Query')).toEqual([['PINLOG#*']]);
    expect(leadingKeysOf(statements, 'dynamodb:PutItem')).toEqual([['REPLAYS#*']]);
  });

  it('a stage that does not record has no distribution and no recording rule', () => {
    dev.app.resourceCountIs('AWS::CloudFront::Distribution', 0);
    expect(Object.keys(dev.app.findResources('AWS::Events::Rule', { Properties: { EventPattern: { 'detail-type': ['IVS Recording State Change'] } } }))).toHaveLength(0);
  });

  it('each live route gets only its own partitions of the live table', () => {
    const route = (id: string) => Object.keys(resources).find((key) => key.startsWith(`Routes${id}Function`) && resources[key]!.Type === 'AWS::Lambda::Function')!;
    expect(leadingKeysOf(statementsOf(route('FollowSeller')), 'dynamodb:PutItem')).toEqual([['BUYER#*', 'FOLLOWERS#*']]);
    expect(leadingKeysOf(statementsOf(route('ListNotifications')), 'dynamodb:Query')).toEqual([['INBOX#*']]);
    expect(leadingKeysOf(statementsOf(route('ListSellerReplays')), 'dynamodb:Query')).toEqual([['REPLAYS#*']]);
  });
});
