import { App, Aspects, AspectPriority, CfnWaitConditionHandle, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { CfnRoom } from 'aws-cdk-lib/aws-ivschat';
import { describe, expect, it } from 'vitest';
import { createChannelRoute } from '../../lambdas/catalog/routes';
import { chatReviewFunction, createChatTokenRoute } from '../../lambdas/chat/routes';
import { stages } from '../../lib/config';
import { AttachReviewHandler } from '../../lib/constructs/chat-capability';
import { synthesize, type SynthesizedRegion } from '../support/synth';

type Resources = Record<string, { Type: string; Properties: Record<string, any>; DependsOn?: string[] }>;

const prod = synthesize('prod', 'ap-northeast-1,eu-west-1');
const dev = synthesize('dev', 'ap-northeast-1');

const REVIEW_DESCRIPTION = 'IVS Chat message review: answers within 200 ms';

function reviewFunctionId(region: SynthesizedRegion): string {
  const ids = Object.keys(region.app.findResources('AWS::Lambda::Function', { Properties: { Description: REVIEW_DESCRIPTION } }));
  expect(ids).toHaveLength(1);
  return ids[0]!;
}

function routeFunctionEnv(region: SynthesizedRegion, route: { method: string; path: string }) {
  const found = Object.values(region.app.findResources('AWS::Lambda::Function', { Properties: { Description: `${route.method} ${route.path}` } })) as Resources[string][];
  expect(found).toHaveLength(1);
  return found[0]!.Properties.Environment.Variables as Record<string, unknown>;
}

/** What rooms must point at: the provisioned alias in prod (Ref of an alias is its ARN), the function in dev. */
function expectedHandlerRef(region: SynthesizedRegion, provisioned: boolean) {
  if (!provisioned) return { 'Fn::GetAtt': [reviewFunctionId(region), 'Arn'] };
  const aliases = Object.keys(region.app.findResources('AWS::Lambda::Alias'));
  expect(aliases).toHaveLength(1);
  return { Ref: aliases[0]! };
}

describe('chat review function', () => {
  it.each([
    ['prod', prod.regions[0]!],
    ['dev', dev.regions[0]!],
  ])('%s: small Node 24 arm64 function with the catalog table name, no source maps to load at init', (_stage, region) => {
    region.app.hasResourceProperties('AWS::Lambda::Function', {
      Description: REVIEW_DESCRIPTION,
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      MemorySize: chatReviewFunction.memoryMb,
      Timeout: chatReviewFunction.timeoutSeconds,
      Environment: { Variables: Match.objectLike({ CATALOG_TABLE: Match.anyValue(), NODE_OPTIONS: '--no-enable-source-maps' }) },
    });
  });

  it('may only read room lookups and seller items (the settings and bans Query included), and write slow-mode markers: nothing else', () => {
    const region = prod.regions[0]!;
    const fnId = reviewFunctionId(region);
    const roleId = (region.app.toJSON().Resources[fnId] as Resources[string]).Properties.Role['Fn::GetAtt'][0];
    const policies = Object.values(region.app.findResources('AWS::IAM::Policy')).filter((p: any) => p.Properties.Roles.some((r: any) => r.Ref === roleId));
    const statements = policies.flatMap((p: any) => p.Properties.PolicyDocument.Statement);
    expect(statements).toEqual([
      expect.objectContaining({ Action: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], Resource: '*' }),
      {
        Effect: 'Allow',
        Action: ['dynamodb:GetItem', 'dynamodb:Query'],
        Resource: { 'Fn::ImportValue': expect.stringContaining('CatalogTable') },
        Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['ROOM#*', 'SELLER#*'] } },
      },
      {
        Effect: 'Allow',
        Action: 'dynamodb:Query',
        Resource: { 'Fn::ImportValue': expect.stringContaining('CatalogTable') },
        Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['SELLER#*'] } },
      },
      {
        Effect: 'Allow',
        Action: 'dynamodb:PutItem',
        Resource: { 'Fn::ImportValue': expect.stringContaining('CatalogTable') },
        Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['SLOWMODE#*'] } },
      },
    ]);
  });

  it.each([
    ['prod', prod.regions, stages.prod],
    ['dev', dev.regions, stages.dev],
  ] as const)('%s: reserved concurrency from the stage config, so an API flood cannot throttle reviews into the fallback', (_stage, regions, config) => {
    for (const region of regions) {
      const fn = region.app.toJSON().Resources[reviewFunctionId(region)] as Resources[string];
      expect(fn.Properties.ReservedConcurrentExecutions).toBe(config.reservedConcurrency.chatReview);
    }
    expect(stages.prod.reservedConcurrency.chatReview).toBeGreaterThanOrEqual(stages.prod.chatReviewProvisionedConcurrency);
  });

  it('warns ops at 80 % of the reservation, before throttles start', () => {
    const region = prod.regions[0]!;
    region.app.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ConcurrentExecutions',
      Namespace: 'AWS/Lambda',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: reviewFunctionId(region) } }],
      Statistic: 'Maximum',
      Threshold: Math.floor(stages.prod.reservedConcurrency.chatReview * 0.8),
      AlarmActions: [{ Ref: Match.stringLikeRegexp('^AlarmsTopic') }],
    });
  });

  it('prod: provisioned concurrency from the stage config, on an alias', () => {
    expect(stages.prod.chatReviewProvisionedConcurrency).toBeGreaterThan(0);
    for (const region of prod.regions) {
      region.app.resourceCountIs('AWS::Lambda::Alias', 1);
      region.app.hasResourceProperties('AWS::Lambda::Alias', {
        FunctionName: { Ref: reviewFunctionId(region) },
        Name: 'live',
        ProvisionedConcurrencyConfig: { ProvisionedConcurrentExecutions: stages.prod.chatReviewProvisionedConcurrency },
      });
    }
  });

  it('dev (provisioned concurrency 0): no alias, rooms invoke the function itself', () => {
    expect(stages.dev.chatReviewProvisionedConcurrency).toBe(0);
    dev.regions[0]!.app.resourceCountIs('AWS::Lambda::Alias', 0);
  });

  it.each([
    ['prod', prod.regions, true],
    ['dev', dev.regions, false],
  ] as const)('%s: IVS Chat may invoke it, for this account and region\'s rooms only', (_stage, regions, provisioned) => {
    for (const region of regions) {
      const permissions = Object.values(region.app.findResources('AWS::Lambda::Permission', { Properties: { Principal: 'ivschat.amazonaws.com' } })) as Resources[string][];
      expect(permissions).toHaveLength(1);
      expect(permissions[0]!.Properties).toEqual({
        Action: 'lambda:InvokeFunction',
        FunctionName: expectedHandlerRef(region, provisioned),
        Principal: 'ivschat.amazonaws.com',
        SourceAccount: { Ref: 'AWS::AccountId' },
        SourceArn: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:ivschat:${region.region}:`, { Ref: 'AWS::AccountId' }, ':room/*']] },
      });
    }
  });

  it.each([
    ['prod', prod.regions, true, stages.prod],
    ['dev', dev.regions, false, stages.dev],
  ] as const)('%s: every IVS Chat room has the review handler with the stage fallback, after the invoke permission', (_stage, regions, provisioned, config) => {
    for (const region of regions) {
      const rooms = [region.data, region.app].flatMap((template) => Object.values(template.findResources('AWS::IVSChat::Room')) as Resources[string][]);
      // County rooms are created by the county-channel provisioner (lib/constructs/county-channels.ts), which
      // gets the same handler; a room resource in any stack would be checked too.
      expect(rooms).toHaveLength(0);
      const permissionId = Object.keys(region.app.findResources('AWS::Lambda::Permission', { Properties: { Principal: 'ivschat.amazonaws.com' } }))[0]!;
      const provisioning = Object.values(region.app.findResources('Custom::CountyChannels')) as Resources[string][];
      expect(provisioning).toHaveLength(1);
      for (const room of [...rooms.map((r) => r.Properties.MessageReviewHandler), ...provisioning.map((p) => ({ Uri: p.Properties.ReviewHandlerUri, FallbackResult: p.Properties.FallbackResult }))]) {
        expect(room).toEqual({ Uri: expectedHandlerRef(region, provisioned), FallbackResult: config.ivs.chatFallbackResult });
      }
      for (const resource of [...rooms, ...provisioning]) expect(resource.DependsOn).toContain(permissionId);
    }
  });

  it.each([
    ['prod', prod.regions, true, stages.prod],
    ['dev', dev.regions, false, stages.dev],
  ] as const)('%s: the channel function creates seller rooms with the same handler; tokens get the stage session length', (_stage, regions, provisioned, config) => {
    for (const region of regions) {
      expect(routeFunctionEnv(region, createChannelRoute)).toMatchObject({
        CHAT_REVIEW_FUNCTION_ARN: expectedHandlerRef(region, provisioned),
        CHAT_FALLBACK_RESULT: config.ivs.chatFallbackResult,
      });
      expect(routeFunctionEnv(region, createChatTokenRoute)).toMatchObject({ CHAT_TOKEN_SESSION_MINUTES: String(config.ivs.chatTokenSessionMinutes) });
    }
  });

  it('alarms on errors, throttles and a p99 duration above 150 ms, to the alarm topic', () => {
    const region = prod.regions[0]!;
    const fnId = reviewFunctionId(region);
    const alarmsOn = (metric: string) =>
      Object.values(region.app.findResources('AWS::CloudWatch::Alarm', { Properties: { MetricName: metric, Dimensions: [{ Name: 'FunctionName', Value: { Ref: fnId } }] } })) as Resources[string][];
    const [errors] = alarmsOn('Errors');
    expect(errors!.Properties).toMatchObject({ Statistic: 'Sum', Threshold: 0, ComparisonOperator: 'GreaterThanThreshold', AlarmActions: [{ Ref: expect.stringMatching(/^AlarmsTopic/) }] });
    const [slow] = alarmsOn('Duration');
    expect(slow!.Properties).toMatchObject({ ExtendedStatistic: 'p99', Threshold: 150, ComparisonOperator: 'GreaterThanThreshold', AlarmActions: [{ Ref: expect.stringMatching(/^AlarmsTopic/) }] });
    const [throttles] = alarmsOn('Throttles');
    expect(throttles!.Properties).toMatchObject({ Threshold: 0, ComparisonOperator: 'GreaterThanThreshold', AlarmActions: [{ Ref: expect.stringMatching(/^AlarmsTopic/) }] });
  });
});

describe('AttachReviewHandler aspect', () => {
  function stackWith(rooms: (stack: Stack) => void) {
    const app = new App();
    const stack = new Stack(app, 'Test');
    const permission = new CfnWaitConditionHandle(stack, 'Permission');
    rooms(stack);
    Aspects.of(stack).add(new AttachReviewHandler('arn:aws:lambda:us-east-1:123456789012:function:review', 'DENY', permission), { priority: AspectPriority.MUTATING });
    return { app, stack };
  }

  it('puts the handler on any room, wherever in the stack it is declared', () => {
    const { stack } = stackWith((s) => {
      new CfnRoom(s, 'A', { name: 'a' });
      new CfnRoom(s, 'B', { name: 'b', messageReviewHandler: { fallbackResult: 'ALLOW' } });
    });
    const rooms = Object.values(Template.fromStack(stack).findResources('AWS::IVSChat::Room')) as Resources[string][];
    expect(rooms).toHaveLength(2);
    for (const room of rooms) {
      expect(room.Properties.MessageReviewHandler).toEqual({ Uri: 'arn:aws:lambda:us-east-1:123456789012:function:review', FallbackResult: 'DENY' });
      expect(room.DependsOn).toEqual(['Permission']);
    }
  });

  it('fails synthesis for a room that names another handler', () => {
    const { app } = stackWith((s) => {
      new CfnRoom(s, 'Rogue', { name: 'rogue', messageReviewHandler: { uri: 'arn:aws:lambda:us-east-1:123456789012:function:other' } });
    });
    const assembly = app.synth();
    const messages = assembly.getStackByName('Test').messages.map((m) => `${m.level}: ${String(m.entry.data)}`);
    expect(messages).toContainEqual(expect.stringMatching(/^error: Every IVS Chat room must use the chat review handler/));
  });
});
