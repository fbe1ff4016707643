import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { HttpApi, HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { AccountRecovery, FeaturePlan, Mfa, StandardThreatProtectionMode, UserPool, type UserPoolClient } from 'aws-cdk-lib/aws-cognito';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { UserGroup } from '../../lambdas/core/http/route';
import type { StageConfig } from '../config';

const groups: Record<UserGroup, string> = {
  sellers: 'Farmers and village co-operatives who sell on live streams',
  buyers: 'Buyers who watch, chat and order',
  ops: 'Operations staff who read county reports',
};

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

    this.userPool = new UserPool(this, 'Users', {
      selfSignUpEnabled: true,
      signInAliases: { email: true },
      autoVerify: { email: true },
      passwordPolicy: { minLength: 12, requireDigits: true, requireLowercase: true, requireUppercase: true, requireSymbols: true },
      mfa: Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      featurePlan: FeaturePlan.PLUS,
      standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION,
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      deletionProtection: config.deletionProtection,
      removalPolicy,
    });
    Validations.of(this.userPool).acknowledge({
      id: 'AwsSolutions-COG2',
      reason: 'MFA is optional (TOTP): many sellers are farmers on shared basic phones; threat protection (PLUS plan, full function) adds adaptive authentication instead.',
    });
    for (const [groupName, description] of Object.entries(groups)) {
      this.userPool.addGroup(`${groupName}Group`, { groupName, description });
    }
    this.appClient = this.userPool.addClient('AppClient', {
      authFlows: { userSrp: true },
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
