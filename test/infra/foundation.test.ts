import { spawnSync } from 'node:child_process';
import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { DeploymentConfigError, IVS_REGIONS, resolveDeployment, stages } from '../../lib/config';
import { routes } from '../../lambdas/routes';
import { placeOrderRoute } from '../../lambdas/orders/routes';
import { synthesize } from '../support/synth';

describe('per-region CDK app', () => {
  const prod = synthesize('prod', 'ap-northeast-1,eu-west-1');

  it('synthesizes an independent data + app stack per region, names carrying stage and region', () => {
    const names = prod.built.stacks.flatMap(({ data, app }) => [data.stackName, app.stackName]);
    expect(names).toEqual([
      'village-live-prod-ap-northeast-1-data',
      'village-live-prod-ap-northeast-1-app',
      'village-live-prod-eu-west-1-data',
      'village-live-prod-eu-west-1-app',
    ]);
    for (const { region, data, app } of prod.built.stacks) {
      expect(data.region).toBe(region);
      expect(app.region).toBe(region);
      // An app stack depends only on its own region's data stack.
      expect(app.dependencies.map((stack) => stack.stackName)).toEqual([data.stackName]);
    }
  });

  it.each(['ap-northeast-1', 'eu-west-1'])('%s has its four tables (catalog, orders with a stream, live, reports) (orders with a stream), the bucket, the queues and their DLQs', (region) => {
    const { data } = prod.regions.find((r) => r.region === region)!;
    data.resourceCountIs('AWS::DynamoDB::Table', 4);
    data.hasResourceProperties('AWS::DynamoDB::Table', {
      StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
      GlobalSecondaryIndexes: Match.arrayWith([Match.objectLike({ IndexName: 'gsi3' })]),
    });
    data.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      BucketEncryption: Match.objectLike({}),
      VersioningConfiguration: { Status: 'Enabled' },
    });
    data.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
    // Fulfilment, refund and go-live fan-out queues, each with its DLQ.
    data.resourceCountIs('AWS::SQS::Queue', 9); // + the ticker queue, its DLQ and the paid orders topic's delivery DLQ
    data.resourceCountIs('AWS::SNS::Topic', 1);
    data.hasResourceProperties('AWS::SQS::Queue', {
      SqsManagedSseEnabled: true,
      RedrivePolicy: { deadLetterTargetArn: Match.anyValue(), maxReceiveCount: 5 },
    });
  });

  it('prod tables have PITR and deletion protection and are retained', () => {
    const { data } = prod.regions[0]!;
    const tables = data.findResources('AWS::DynamoDB::Table');
    expect(Object.keys(tables)).toHaveLength(4);
    for (const table of Object.values(tables)) {
      expect(table.DeletionPolicy).toBe('Retain');
      expect(table.Properties.DeletionProtectionEnabled).toBe(true);
      expect(table.Properties.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
    }
  });

  it('dev tables are disposable', () => {
    const { data } = synthesize('dev', 'us-east-1').regions[0]!;
    for (const table of Object.values(data.findResources('AWS::DynamoDB::Table'))) {
      expect(table.DeletionPolicy).toBe('Delete');
      expect(table.Properties.DeletionProtectionEnabled).toBe(false);
    }
  });

  it('puts the JWT authorizer on every route except health and the $default 404', () => {
    const { app } = prod.regions[0]!;
    app.resourceCountIs('AWS::ApiGatewayV2::Authorizer', 1);
    app.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', { AuthorizerType: 'JWT' });
    const apiRoutes = Object.values(app.findResources('AWS::ApiGatewayV2::Route'));
    expect(apiRoutes).toHaveLength(routes.length + 1);
    // Alipay's notifications carry Alipay's signature, not a user token (verified by the handler).
    const publicRouteKeys = new Set(['GET /v1/health', 'POST /v1/payments/alipay/notify', '$default']);
    for (const route of apiRoutes) {
      const { RouteKey, AuthorizationType } = route.Properties;
      expect(AuthorizationType, RouteKey).toBe(publicRouteKeys.has(RouteKey) ? 'NONE' : 'JWT');
    }
  });

  it('has a Cognito user pool with the three groups, stage throttling and access logs', () => {
    const { app } = prod.regions[0]!;
    for (const groupName of ['sellers', 'buyers', 'ops']) app.hasResourceProperties('AWS::Cognito::UserPoolGroup', { GroupName: groupName });
    app.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      DefaultRouteSettings: { ThrottlingRateLimit: 2000, ThrottlingBurstLimit: 5000 },
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('requestId') },
    });
    app.resourceCountIs('AWS::SNS::Topic', 1);
  });

  it('every write route has its own throttle on the stage, from the stage config; reads keep the default', () => {
    const { app } = prod.regions[0]!;
    const stage = Object.values(app.findResources('AWS::ApiGatewayV2::Stage'))[0]!;
    const settings = stage.Properties.RouteSettings as Record<string, { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }>;
    const writeKeys = routes.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path}`);
    expect(Object.keys(settings).sort()).toEqual(writeKeys.sort());
    expect(settings[`${placeOrderRoute.method} ${placeOrderRoute.path}`]).toEqual({
      ThrottlingRateLimit: stages.prod.api.writeThrottleOverrides.placeOrder!.ratePerSecond,
      ThrottlingBurstLimit: stages.prod.api.writeThrottleOverrides.placeOrder!.burst,
    });
    expect(settings['DELETE /v1/seller/products/{productId}']).toEqual({
      ThrottlingRateLimit: stages.prod.api.writeThrottle.ratePerSecond,
      ThrottlingBurstLimit: stages.prod.api.writeThrottle.burst,
    });
    // CloudFormation rejects route settings for a route key it has not created yet.
    const routeIdByKey = new Map(Object.entries(app.findResources('AWS::ApiGatewayV2::Route')).map(([id, r]) => [r.Properties.RouteKey as string, id]));
    for (const key of writeKeys) expect(stage.DependsOn, key).toContain(routeIdByKey.get(key));
  });

  it('every function runs Node.js 24 on arm64 with tracing and bounded log retention', () => {
    const { app } = prod.regions[0]!;
    const functions = Object.values(app.findResources('AWS::Lambda::Function'));
    expect(functions.length).toBeGreaterThan(routes.length);
    for (const fn of functions) {
      expect(fn.Properties.Runtime).toBe('nodejs24.x');
      expect(fn.Properties.Architectures).toEqual(['arm64']);
      expect(fn.Properties.TracingConfig).toEqual({ Mode: 'Active' });
    }
    app.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: 90 });
  });

  it('every function logs to the stack\'s one function log group (streams carry the function name), not a group each', () => {
    const { app } = prod.regions[0]!;
    const functions = Object.values(app.findResources('AWS::Lambda::Function'));
    const groups = new Set(functions.map((fn) => JSON.stringify(fn.Properties.LoggingConfig?.LogGroup)));
    expect(groups.size).toBe(1);
    expect([...groups][0]).toContain('FunctionLogs');
    expect(Object.keys(app.findResources('AWS::Logs::LogGroup'))).toHaveLength(2); // functions + API access logs
  });

  it('every function names itself in its logs and traces (POWERTOOLS_SERVICE_NAME), a route function after its route', () => {
    const { app } = prod.regions[0]!;
    const functions = Object.values(app.findResources('AWS::Lambda::Function'));
    const serviceNames = functions.map((fn) => fn.Properties.Environment.Variables.POWERTOOLS_SERVICE_NAME as string);
    expect(new Set(serviceNames).size).toBe(functions.length);
    const kebab = (id: string) => id.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
    for (const route of routes) {
      const fn = functions.find((f) => f.Properties.Description === `${route.method} ${route.path}`);
      expect(fn?.Properties.Environment.Variables.POWERTOOLS_SERVICE_NAME, route.id).toBe(kebab(route.id));
    }
    expect(serviceNames).toEqual(expect.arrayContaining(['fulfilment-worker', 'live-status', 'reconcile-live', 'review', 'not-found']));
  });

  it('every cdk-nag acknowledgement carries a real reason', () => {
    const reasons: string[] = [];
    for (const construct of prod.built.app.node.findAll()) {
      for (const entry of construct.node.metadata) {
        if (entry.type !== 'aws:cdk:acknowledged-rules') continue;
        const data = entry.data as Record<string, { reason?: string }> | { reason?: string }[];
        for (const rule of Object.values(data)) reasons.push(typeof rule === 'object' && rule ? String(rule.reason ?? '') : String(rule));
      }
    }
    expect(reasons.length).toBeGreaterThan(0);
    for (const reason of reasons) expect(reason.length).toBeGreaterThan(30);
  });
});

describe('region guard', () => {
  it.each(['cn-north-1', 'sa-east-1'])('refuses %s with the list of supported regions', (region) => {
    expect(() => resolveDeployment({ stage: 'prod', regions: `ap-northeast-1,${region}` })).toThrow(DeploymentConfigError);
    expect(() => resolveDeployment({ stage: 'prod', regions: region })).toThrow(new RegExp(`${region}.*Supported regions: ${IVS_REGIONS.join(', ')}`));
  });

  it('refuses an unknown stage', () => {
    expect(() => resolveDeployment({ stage: 'qa', regions: 'us-east-1' })).toThrow(/Unknown stage "qa"/);
  });

  it('the CDK app exits non-zero with the message, before synthesizing anything', () => {
    const result = spawnSync('npx', ['tsx', 'bin/village-live.ts'], {
      env: { ...process.env, CDK_CONTEXT_JSON: JSON.stringify({ stage: 'prod', regions: 'sa-east-1' }), CDK_OUTDIR: '/tmp/village-live-refused' },
      encoding: 'utf8',
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('Amazon IVS and IVS Chat do not run in sa-east-1');
    expect(result.stderr).toContain('us-east-1');
  });
});
