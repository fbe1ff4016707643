import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Code, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { describe, expect, it } from 'vitest';
import { stages } from '../../lib/config';
import { ALIPAY_GATEWAYS, grantPaymentProvider, paymentSecretName } from '../../lib/constructs/payment-secret';
import { synthesize, type Statement } from '../support/synth';

describe('the Alipay payment secret', () => {
  const { data, app } = synthesize('prod', 'ap-northeast-1').regions[0]!;

  it('is one Secrets Manager secret per stage in each region, created with placeholders only and retained in prod', () => {
    const secrets = data.findResources('AWS::SecretsManager::Secret', { Properties: { Name: 'village-live/prod/alipay' } });
    expect(Object.keys(secrets)).toHaveLength(1);
    const [secret] = Object.values(secrets) as { Properties: { GenerateSecretString: { SecretStringTemplate: string; GenerateStringKey: string } }; DeletionPolicy?: string }[];
    expect(JSON.parse(secret!.Properties.GenerateSecretString.SecretStringTemplate)).toEqual({ appId: 'SET-BY-OPS', alipayPublicKey: 'SET-BY-OPS' });
    expect(secret!.Properties.GenerateSecretString.GenerateStringKey).toBe('appPrivateKey');
    expect(secret!.DeletionPolicy).toBe('Retain');
    expect(Object.keys(synthesize('dev', 'ap-northeast-1').regions[0]!.data.findResources('AWS::SecretsManager::Secret', { Properties: { Name: 'village-live/dev/alipay' } }))).toHaveLength(1);
  });

  it('never reaches an output or a function environment as a value', () => {
    const secretIds = Object.keys(data.findResources('AWS::SecretsManager::Secret', { Properties: { Name: 'village-live/prod/alipay' } }));
    for (const template of [data, app]) {
      const outputs = JSON.stringify(template.toJSON().Outputs ?? {});
      for (const id of secretIds) expect(outputs).not.toContain(id);
      expect(outputs).not.toMatch(/alipay/i);
      for (const fn of Object.values(template.findResources('AWS::Lambda::Function')) as { Properties: { Environment?: { Variables?: Record<string, unknown> } } }[]) {
        for (const [name, value] of Object.entries(fn.Properties.Environment?.Variables ?? {})) {
          const text = JSON.stringify(value);
          if (/alipay/i.test(text)) expect(typeof value, name).toBe('string');
          for (const id of secretIds) expect(text, name).not.toContain(id);
        }
      }
    }
  });

  it('grantPaymentProvider gives a function the secret by name, read-only, and only its name, the gateway and the notify URL', () => {
    const stack = new Stack(new App(), 'Payments', { env: { account: '111122223333', region: 'ap-northeast-1' } });
    const fn = new LambdaFunction(stack, 'Notify', { runtime: Runtime.NODEJS_24_X, handler: 'index.handler', code: Code.fromInline('export const handler = async () => {}') });
    grantPaymentProvider(fn, stages.prod, { notifyUrl: 'https://api.example.cn/v1/payments/alipay/notify' });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: {
          ALIPAY_SECRET_ID: paymentSecretName('prod'),
          ALIPAY_GATEWAY_URL: ALIPAY_GATEWAYS.prod,
          ALIPAY_NOTIFY_URL: 'https://api.example.cn/v1/payments/alipay/notify',
        },
      },
    });
    const variables = (Object.values(template.findResources('AWS::Lambda::Function'))[0] as { Properties: { Environment: { Variables: Record<string, unknown> } } }).Properties.Environment.Variables;
    expect(Object.values(variables).every((value) => typeof value === 'string' && !value.includes('resolve:secretsmanager'))).toBe(true);
    const statements = Object.values(template.findResources('AWS::IAM::Policy')).flatMap(
      (policy) => (policy as { Properties: { PolicyDocument: { Statement: Statement[] } } }).Properties.PolicyDocument.Statement,
    );
    const secretStatements = statements.filter((statement) => [statement.Action].flat().some((action) => action.startsWith('secretsmanager:')));
    expect(secretStatements).toHaveLength(1);
    expect([secretStatements[0]!.Action].flat().sort()).toEqual(['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue']);
    expect(JSON.stringify(secretStatements[0]!.Resource)).toContain(':secret:village-live/prod/alipay-??????');
    expect(template.toJSON().Outputs).toBeUndefined();
  });
});
