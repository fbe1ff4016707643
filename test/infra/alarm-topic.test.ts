import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { DeploymentConfigError, resolveDeployment } from '../../lib/config';
import { synthesize, TEST_ALARM_EMAIL } from '../support/synth';

const fromThisAccountsAlarms = {
  StringEquals: { 'aws:SourceAccount': Match.anyValue() },
  ArnLike: { 'aws:SourceArn': Match.anyValue() },
};

describe('alarm topic: alarms reach someone', () => {
  const { app } = synthesize('prod', 'ap-northeast-1').regions[0]!;

  it('is encrypted with a customer-managed, rotated key that CloudWatch may use (not alias/aws/sns)', () => {
    const topic = Object.values(app.findResources('AWS::SNS::Topic'))[0] as { Properties: { KmsMasterKeyId: unknown } };
    expect(JSON.stringify(topic.Properties.KmsMasterKeyId)).not.toContain('alias/aws/sns');
    expect(JSON.stringify(topic.Properties.KmsMasterKeyId)).toContain('Fn::GetAtt');
    app.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: Match.objectLike({
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
            Condition: fromThisAccountsAlarms,
          }),
        ]),
      }),
    });
  });

  it("lets this account's CloudWatch alarms publish (aws:SourceAccount and aws:SourceArn)", () => {
    app.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: Match.objectLike({
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Allow', Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: 'sns:Publish', Condition: fromThisAccountsAlarms }),
        ]),
      }),
    });
  });

  it('subscribes the address prod was given', () => {
    app.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: TEST_ALARM_EMAIL });
  });

  it('prod refuses to synthesize without a real address, naming how to give one', () => {
    expect(() => resolveDeployment({ stage: 'prod', regions: 'ap-northeast-1' })).toThrow(DeploymentConfigError);
    expect(() => resolveDeployment({ stage: 'prod', regions: 'ap-northeast-1' })).toThrow(/alarmEmail/);
    for (const placeholder of ['ops@village-live.example', 'ops@example.com', 'a@b.test']) {
      expect(() => resolveDeployment({ stage: 'prod', regions: 'ap-northeast-1', alarmEmail: placeholder }), placeholder).toThrow(/reserved domain/);
    }
    expect(resolveDeployment({ stage: 'dev', regions: 'ap-northeast-1' }).config.alarmEmail).toBeUndefined();
  });
});
