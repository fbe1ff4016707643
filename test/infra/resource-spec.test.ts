import { loadAwsServiceSpec } from '@aws-cdk/aws-service-spec';
import type { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { checkTemplate } from '../support/resource-spec';
import { synthesize } from '../support/synth';

const db = await loadAwsServiceSpec();

describe('resource-spec check: every synthesized property against the CloudFormation resource database', () => {
  const templates: [string, Template][] = [
    ...synthesize('dev', 'ap-northeast-1').regions.flatMap(({ region, data, app }) => [
      [`dev ${region} data`, data] as [string, Template],
      [`dev ${region} app`, app] as [string, Template],
    ]),
    ...synthesize('prod', 'ap-northeast-1,eu-west-1').regions.flatMap(({ region, data, app }) => [
      [`prod ${region} data`, data] as [string, Template],
      [`prod ${region} app`, app] as [string, Template],
    ]),
  ];

  it.each(templates)('%s: known types, known and required properties, values of the right kind', (_name, template) => {
    const result = checkTemplate(db, template.toJSON());
    expect(result.violations).toEqual([]);
    expect(result.resources).toBeGreaterThan(0);
    expect(result.valuesChecked).toBeGreaterThan(result.resources);
  });
});

describe('resource-spec check catches what CloudFormation would refuse', () => {
  const problems = (resources: Record<string, unknown>) =>
    checkTemplate(db, { Resources: resources as Record<string, { Type: string }> }).violations.map((v) => `${v.path}: ${v.problem}`);

  it('an unknown resource type, a misspelt property, a missing required one, an unknown resource attribute', () => {
    expect(
      problems({
        Nope: { Type: 'AWS::SQS::Queu', Properties: {} },
        Queue: { Type: 'AWS::SQS::Queue', Properties: { MessageRetentionPeriods: 60 }, DependOn: ['Nope'] },
        Fn: { Type: 'AWS::Lambda::Function', Properties: { Role: 'arn:aws:iam::123456789012:role/x' } },
      }),
    ).toEqual([
      'Nope: unknown resource type AWS::SQS::Queu',
      'Queue.DependOn: not a resource attribute',
      'Queue.Properties.MessageRetentionPeriods: unknown property',
      'Fn.Properties.Code: required property missing',
    ]);
  });

  it('a value of the wrong kind: a list for an object, a string for a list, an object for a number, nested ones too', () => {
    expect(
      problems({
        Table: {
          Type: 'AWS::DynamoDB::Table',
          Properties: {
            KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
            AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
            PointInTimeRecoverySpecification: [{ PointInTimeRecoveryEnabled: true }],
            GlobalSecondaryIndexes: [{ IndexName: 'gsi1', KeySchema: [{ AttributeName: 'x', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL', NonKeyAttribute: ['a'] } }],
          },
        },
        Queue: { Type: 'AWS::SQS::Queue', Properties: { DelaySeconds: { seconds: 5 }, Tags: [{ Key: 'stage' }] } },
        Fn: { Type: 'AWS::Lambda::Function', Properties: { Role: 'arn:aws:iam::123456789012:role/x', Code: { ZipFile: 'x' }, Architectures: 'arm64' } },
      }),
    ).toEqual([
      'Table.Properties.PointInTimeRecoverySpecification: expected an object (PointInTimeRecoverySpecification), got a list',
      'Table.Properties.GlobalSecondaryIndexes[0].Projection.NonKeyAttribute: unknown property',
      'Queue.Properties.DelaySeconds: expected an integer, got an object',
      'Queue.Properties.Tags[0].Value: required property missing',
      'Fn.Properties.Architectures: expected a list, got a string',
    ]);
  });

  it('accepts intrinsic functions for any kind, and custom resources with a ServiceToken', () => {
    expect(
      problems({
        Queue: {
          Type: 'AWS::SQS::Queue',
          Properties: { DelaySeconds: { Ref: 'Delay' }, Tags: { 'Fn::If': ['IsProd', [{ Key: 'a', Value: 'b' }], { Ref: 'AWS::NoValue' }] }, KmsMasterKeyId: { 'Fn::GetAtt': ['Key', 'Arn'] } },
        },
        Custom: { Type: 'Custom::Anything', Properties: { ServiceToken: { 'Fn::GetAtt': ['Provider', 'Arn'] }, Whatever: [1, 2] } },
        Broken: { Type: 'Custom::Anything', Properties: {} },
      }),
    ).toEqual(['Broken.Properties.ServiceToken: required property missing']);
  });
});
