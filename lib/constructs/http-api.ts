import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { HttpApi, HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { AccountRecovery, FeaturePlan, Mfa, StandardThreatProtectionMode, UserPool, UserPoolEmail, type UserPoolClient } from 'aws-cdk-lib/aws-cognito';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { ACCESS_TOKEN_SCOPE } from '../../lambdas/core/http/caller';
import type { UserGroup } from '../../lambdas/core/http/route';
import type { StageConfig } from '../config';

const groups: Record<UserGroup, string> = {
  sellers: 'Farmers and village co-operatives who sell on live streams',
  buyers: 'Buyers who watch, chat and order',
  ops: 'Operations staff who read county reports',
};

/**
 * Each protected route requires the access-token scope, so API Gateway refuses ID tokens (which have no
 * `scope` claim) before any function runs; lambdas/core/http/caller.ts also checks `token_use` (defence
 * in depth, and the local runtime's check).
 */
export { ACCESS_TOKEN_SCOPE };

/** SES when the stage has a sender (required in prod, lib/config.ts), else Cognito's own (50 a day). */
function userPoolEmail(cognito: StageConfig['cognito']): UserPoolEmail {
  if (!cognito.ses) return UserPoolEmail.withCognito();
  const { fromEmail, fromName, replyTo, sesRegion } = cognito.ses;
  return UserPoolEmail.withSES({ fromEmail, fromName, replyTo, sesRegion });
}

/**
 * The HTTP API with its Cognito user pool (groups sellers/buyers/ops) and JWT authorizer, access
 * logging and stage throttling. Routes, and their per-route throttles, are added by ApiRoutes.
 */
export class VillageHttpApi extends Construct {
  readonly api: HttpApi;
  readonly userPool: UserPool;
  readonly appClient: UserPoolClient;
  readonly authorizer: HttpUserPoolAuthorizer;
  /** The `$default` stage; ApiRoutes puts the per-route throttles of the write routes on it. */
  readonly stage: HttpStage;

  constructor(scope: Construct, id: string, props: { config: StageConfig }) {
    super(scope, id);
    const { config } = props;
    const removalPolicy = config.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    const plus = config.cognito.featurePlan === 'PLUS';

    this.userPool = new UserPool(this, 'Users', {
      selfSignUpEnabled: true,
      signInAliases: { email: true },
      autoVerify: { email: true },
      passwordPolicy: { minLength: 12, requireDigits: true, requireLowercase: true, requireUppercase: true, requireSymbols: true },
      mfa: Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      email: userPoolEmail(config.cognito),
      // The plan and its reason per stage: lib/config.ts. Threat protection exists only on PLUS.
      ...(plus
        ? { featurePlan: FeaturePlan.PLUS, standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION }
        : { featurePlan: FeaturePlan.ESSENTIALS }),
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      deletionProtection: config.deletionProtection,
      removalPolicy,
    });
    Validations.of(this.userPool).acknowledge({
      id: 'AwsSolutions-COG2',
      reason: plus
        ? 'MFA is optional (TOTP): many sellers are farmers on shared basic phones; threat protection (PLUS plan, full function) adds adaptive authentication instead.'
        : 'MFA is optional (TOTP) on the dev stage: its users are the team and pilot sellers with test accounts.',
    });
    if (!plus) {
      for (const id of ['AwsSolutions-COG3', 'AwsSolutions-COG8']) {
        Validations.of(this.userPool).acknowledge({
          id,
          reason: 'Threat protection needs the PLUS plan (about $0.02 per MAU, no free tier); dev runs ESSENTIALS with test accounts only (lib/config.ts).',
        });
      }
    }
    for (const [groupName, description] of Object.entries(groups)) {
      this.userPool.addGroup(`${groupName}Group`, { groupName, description });
    }
    this.appClient = this.userPool.addClient('AppClient', {
      // The apps sign in with SRP (and refresh tokens, which Cognito always allows) and no hosted UI:
      // no OAuth flow, no callback URL.
      authFlows: { userSrp: true },
      disableOAuth: true,
      preventUserExistenceErrors: true,
      generateSecret: false,
    });

    this.api = new HttpApi(this, 'Api', {
      apiName: `village-live-${config.stage}`,
      description: 'village-live v1 HTTP API',
      createDefaultStage: false,
    });
    const accessLogs = new LogGroup(this, 'AccessLogs', { retention: RetentionDays.THREE_MONTHS, removalPolicy });
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: config.api.throttleRatePerSecond, burstLimit: config.api.throttleBurst },
      // Per-route 4xx/5xx/latency for the operations dashboard (billed as custom metrics, per route).
      detailedMetricsEnabled: true,
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            sourceIp: '$context.identity.sourceIp',
            requestTime: '$context.requestTime',
            routeKey: '$context.routeKey',
            status: '$context.status',
            latencyMs: '$context.responseLatency',
            responseLength: '$context.responseLength',
            authorizerError: '$context.authorizer.error',
            integrationError: '$context.integrationErrorMessage',
          }),
        ),
      },
    });
    this.authorizer = new HttpUserPoolAuthorizer('CognitoJwt', this.userPool, { userPoolClients: [this.appClient] });
  }
}
