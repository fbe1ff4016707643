import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { DeploymentConfigError, resolveDeployment, stages } from '../../lib/config';
import { ACCESS_TOKEN_SCOPE, VillageHttpApi } from '../../lib/constructs/http-api';
import { synthesize, TEST_ALARM_EMAIL, TEST_SES_FROM_EMAIL } from '../support/synth';

describe('Cognito user pool per stage', () => {
  const prod = synthesize('prod', 'ap-northeast-1').regions[0]!.app;
  const dev = synthesize('dev', 'ap-northeast-1').regions[0]!.app;

  it('prod sends e-mail through SES from the address it was given (not Cognito’s 50-a-day sender)', () => {
    prod.hasResourceProperties('AWS::Cognito::UserPool', {
      EmailConfiguration: Match.objectLike({
        EmailSendingAccount: 'DEVELOPER',
        From: Match.stringLikeRegexp(TEST_SES_FROM_EMAIL),
        SourceArn: Match.anyValue(),
      }),
    });
    const pool = Object.values(prod.findResources('AWS::Cognito::UserPool'))[0]!;
    expect(JSON.stringify(pool.Properties.EmailConfiguration.SourceArn)).toContain(`identity/${TEST_SES_FROM_EMAIL}`);
  });

  it('prod refuses to synthesize without an SES sender, naming how to give one (no placeholder default)', () => {
    const context = { stage: 'prod', regions: 'ap-northeast-1', alarmEmail: TEST_ALARM_EMAIL };
    expect(() => resolveDeployment(context)).toThrow(DeploymentConfigError);
    expect(() => resolveDeployment(context)).toThrow(/sesFromEmail/);
    expect(() => resolveDeployment({ ...context, sesFromEmail: 'no-reply@example.com' })).toThrow(/reserved domain/);
    expect(stages.prod.cognito.ses).toBeUndefined();
  });

  it('SES reply-to and region come from the context too', () => {
    const { config } = resolveDeployment({
      stage: 'prod',
      alarmEmail: TEST_ALARM_EMAIL,
      sesFromEmail: TEST_SES_FROM_EMAIL,
      sesReplyTo: 'help@heze-village-live.cn',
      sesRegion: 'ap-northeast-1',
    });
    expect(config.cognito.ses).toEqual({ fromEmail: TEST_SES_FROM_EMAIL, fromName: 'village-live', replyTo: 'help@heze-village-live.cn', sesRegion: 'ap-northeast-1' });
  });

  it('dev sends through SES when given a sender, and keeps Cognito’s (enough for testers) when not', () => {
    dev.hasResourceProperties('AWS::Cognito::UserPool', { EmailConfiguration: Match.objectLike({ EmailSendingAccount: 'DEVELOPER' }) });
    const { config } = resolveDeployment({ stage: 'dev' });
    expect(config.cognito.ses).toBeUndefined();
    const stack = new Stack(new App(), 'Probe', { env: { region: 'ap-northeast-1' } });
    new VillageHttpApi(stack, 'Http', { config });
    Template.fromStack(stack).hasResourceProperties('AWS::Cognito::UserPool', { EmailConfiguration: { EmailSendingAccount: 'COGNITO_DEFAULT' } });
  });

  it('feature plan: PLUS with full threat protection in prod, ESSENTIALS without it in dev', () => {
    prod.hasResourceProperties('AWS::Cognito::UserPool', {
      UserPoolTier: 'PLUS',
      UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
    });
    dev.hasResourceProperties('AWS::Cognito::UserPool', { UserPoolTier: 'ESSENTIALS', UserPoolAddOns: Match.absent() });
  });

  it.each([
    ['prod', prod],
    ['dev', dev],
  ])('%s app client: SRP and refresh only, no OAuth flow and no callback URL', (_stage, template) => {
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      AllowedOAuthFlowsUserPoolClient: false,
      AllowedOAuthFlows: Match.absent(),
      CallbackURLs: Match.absent(),
    });
  });

  it('every protected route requires the access-token scope, so API Gateway refuses ID tokens (no scope claim)', () => {
    const routes = Object.values(prod.findResources('AWS::ApiGatewayV2::Route'));
    const jwtRoutes = routes.filter((route) => route.Properties.AuthorizationType === 'JWT');
    expect(jwtRoutes.length).toBeGreaterThan(10);
    for (const route of jwtRoutes) expect(route.Properties.AuthorizationScopes, route.Properties.RouteKey).toEqual([ACCESS_TOKEN_SCOPE]);
    for (const route of routes.filter((r) => r.Properties.AuthorizationType !== 'JWT')) expect(route.Properties.AuthorizationScopes).toBeUndefined();
    prod.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      JwtConfiguration: { Audience: [Match.anyValue()], Issuer: Match.anyValue() },
    });
  });
});
