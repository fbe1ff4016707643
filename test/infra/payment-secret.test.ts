import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Code, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { describe, expect, it } from 'vitest';
import { stages } from '../../lib/config';
import { ALIPAY_GATEWAYS, grantPaymentProvider, paymentSecretName } from '../../lib/constructs/payment-secret';
import { orderExpirySchedule } from '../../lambdas/orders/schedules';
import { cancelOrderRoute } from '../../lambdas/orders/routes';
import { alipayNotifyRoute, createPaymentRoute } from '../../lambdas/payments/routes';
import { logicalIdOf, synthesize, type Statement } from '../support/synth';

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
          // The name, the gateway and the notify URL (built from the API's id) only: never a dynamic reference.
          if (/alipay/i.test(text)) expect(text, name).not.toMatch(/resolve:secretsmanager|SecretString/);
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

  describe('in the app stack', () => {
    type FunctionResource = { Properties: { Description?: string; Environment?: { Variables?: Record<string, unknown> }; Role: { 'Fn::GetAtt': [string, string] } } };
    type PolicyResource = { Properties: { PolicyDocument: { Statement: Statement[] }; Roles: { Ref: string }[] } };
    const functions = app.findResources('AWS::Lambda::Function') as Record<string, FunctionResource>;
    const byDescription = (description: string | RegExp) => logicalIdOf(app, 'AWS::Lambda::Function', { Description: typeof description === 'string' ? description : Match.stringLikeRegexp(description.source) });
    const callers = () =>
      new Set([
        byDescription(`${createPaymentRoute.method} ${createPaymentRoute.path}`),
        byDescription(`${alipayNotifyRoute.method} ${alipayNotifyRoute.path}`),
        byDescription(`${cancelOrderRoute.method} ${cancelOrderRoute.path}`),
        byDescription(/^Refund worker/),
        byDescription(orderExpirySchedule.description),
      ]);

    it('gives the provider (secret name, gateway, notify URL on the API) to exactly the functions that call it', () => {
      const withProvider = Object.entries(functions).filter(([, fn]) => fn.Properties.Environment?.Variables?.ALIPAY_SECRET_ID !== undefined);
      expect(new Set(withProvider.map(([id]) => id))).toEqual(callers());
      const apiId = Object.keys(app.findResources('AWS::ApiGatewayV2::Api'))[0]!;
      for (const [, fn] of withProvider) {
        const variables = fn.Properties.Environment!.Variables!;
        expect(variables.ALIPAY_SECRET_ID).toBe('village-live/prod/alipay');
        expect(variables.ALIPAY_GATEWAY_URL).toBe(ALIPAY_GATEWAYS.prod);
        expect(variables.ALIPAY_NOTIFY_URL).toEqual({ 'Fn::Join': ['', [{ 'Fn::GetAtt': [apiId, 'ApiEndpoint'] }, alipayNotifyRoute.path]] });
      }
    });

    it('grants the secret read-only, by name, to the roles of those functions only', () => {
      const callerRoles = new Set([...callers()].map((id) => functions[id]!.Properties.Role['Fn::GetAtt'][0]));
      const grantedRoles = new Set<string>();
      for (const policy of Object.values(app.findResources('AWS::IAM::Policy')) as PolicyResource[]) {
        const secretStatements = policy.Properties.PolicyDocument.Statement.filter((statement) => [statement.Action].flat().some((action) => action.startsWith('secretsmanager:')));
        if (secretStatements.length === 0) continue;
        for (const statement of secretStatements) {
          expect([statement.Action].flat().sort()).toEqual(['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue']);
          expect(JSON.stringify(statement.Resource)).toContain(':secret:village-live/prod/alipay-??????');
        }
        for (const role of policy.Properties.Roles) grantedRoles.add(role.Ref);
      }
      expect(grantedRoles).toEqual(callerRoles);
    });
  });
});
