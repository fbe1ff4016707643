import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, describe, expect, it } from 'vitest';
import { catalogRoutes, createChannelRoute, createPinRoute, countyChannelRoute, liveStatusFunction, reconcileLiveFunction } from '../../lambdas/catalog/routes';
import { channelKey, channelLookupKey, chatBanKey, chatRoomLookupKey, chatSettingsKey, countyLiveKey, currentPinKey, productKey, profileKey, sellerLiveKey, slowModeKey } from '../../lambdas/catalog/model';
import { stockShardKey } from '../../lambdas/catalog/stock-shards';
import { routes } from '../../lambdas/routes';
import { catalogWritePartitions } from '../../lib/constructs/access-grants';
import { buildVillageLiveApp } from '../../lib/village-live-app';
import { TEST_DEPLOY_CONTEXT, type Statement } from '../support/synth';

type Resources = Record<string, { Type: string; Properties: Record<string, any>; DeletionPolicy?: string }>;

/**
 * Synthesizes the real app (cdk-nag included) into a directory of its own and reads back the
 * templates and cdk-nag's validation report, so the catalog's own findings are checked even while
 * another capability still has some (test/infra/foundation.test.ts requires the whole app clean).
 */
function synthesize(stage: 'dev' | 'prod', regions: string) {
  const outdir = mkdtempSync(join(tmpdir(), 'village-live-catalog-'));
  const built = buildVillageLiveApp({ outdir, context: { 'aws:cdk:bundling-stacks': [], stage, regions, ...TEST_DEPLOY_CONTEXT } });
  try {
    built.app.synth();
  } catch {
    // Findings elsewhere make synth throw after writing templates and the report.
  }
  const read = (file: string) => JSON.parse(readFileSync(join(outdir, file), 'utf8'));
  let violations: { ruleName: string; paths: string[] }[] = [];
  try {
    const report = read('validation-report.json') as { pluginReports: { violations: { ruleName: string; violatingConstructs: { constructPath: string }[] }[] }[] };
    violations = report.pluginReports.flatMap((plugin) => plugin.violations.map((v) => ({ ruleName: v.ruleName, paths: v.violatingConstructs.map((c) => c.constructPath) })));
  } catch {
    // no report: nothing was found
  }
  const stacks = built.stacks.map(({ region, data, app }) => ({
    region,
    data: Template.fromJSON(read(`${data.artifactId}.template.json`)),
    app: Template.fromJSON(read(`${app.artifactId}.template.json`)),
  }));
  return { outdir, violations, stacks };
}

const prod = synthesize('prod', 'ap-northeast-1');
const dev = synthesize('dev', 'ap-northeast-1');
afterAll(() => [prod, dev].forEach(({ outdir }) => rmSync(outdir, { recursive: true, force: true })));
const { app } = prod.stacks[0]!;
const resources = app.toJSON().Resources as Resources;

const pascal = (id: string) => id.charAt(0).toUpperCase() + id.slice(1);
const functionIdByDescription = (description: string) => {
  const ids = Object.keys(app.findResources('AWS::Lambda::Function', { Properties: { Description: description } }));
  expect(ids, description).toHaveLength(1);
  return ids[0]!;
};
const statementsOf = (functionId: string): Statement[] => {
  const roleId = resources[functionId]!.Properties.Role['Fn::GetAtt'][0] as string;
  return Object.values(app.findResources('AWS::IAM::Policy'))
    .filter((policy) => (policy.Properties.Roles as { Ref: string }[]).some((role) => role.Ref === roleId))
    .flatMap((policy) => policy.Properties.PolicyDocument.Statement as Statement[]);
};
const actions = (statements: Statement[]) => statements.flatMap((s) => [s.Action].flat());
const routeFunctionId = (routeId: string) =>
  Object.keys(resources).find((id) => id.startsWith(`Routes${pascal(routeId)}Function`) && resources[id]!.Type === 'AWS::Lambda::Function')!;
const isCatalogTable = (statement: Statement) => JSON.stringify(statement.Resource).includes('CatalogTable');
const writesItems = (statement: Statement) => actions([statement]).some((a) => /^dynamodb:(Put|Update|Delete|BatchWrite)/.test(a));
/** LeadingKeys patterns that allow writes to the catalog table, per write action, for one function. */
function catalogWrites(functionId: string): { actions: string[]; leadingKeys: unknown }[] {
  return statementsOf(functionId)
    .filter((s) => s.Effect === 'Allow' && isCatalogTable(s) && writesItems(s))
    .map((s) => ({ actions: actions([s]).sort(), leadingKeys: (s.Condition?.['ForAllValues:StringLike'] as Record<string, unknown> | undefined)?.['dynamodb:LeadingKeys'] }));
}
const escapeRegExp = (text: string) => text.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
/** Whether `pk` falls under an IAM StringLike pattern such as `SELLER#*`. */
const matches = (pattern: string, pk: string) => new RegExp(`^${pattern.split('*').map(escapeRegExp).join('.*')}$`).test(pk);
const itemWrites = ['dynamodb:DeleteItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'];

describe('catalog capability (CDK)', () => {
  it('a prod stage with two counties: no IVS channel or room resource, one provisioning custom resource naming both, one recording configuration', () => {
    app.resourceCountIs('AWS::IVS::Channel', 0);
    app.resourceCountIs('AWS::IVSChat::Room', 0);
    app.resourceCountIs('AWS::IVS::RecordingConfiguration', 1);
    app.resourceCountIs('AWS::IVS::StreamKey', 0);
    app.resourceCountIs('Custom::CountyChannels', 1);
    app.hasResourceProperties('Custom::CountyChannels', {
      Stage: 'prod',
      Counties: [
        { countyCode: '371721', slug: 'cao-county' },
        { countyCode: '371722', slug: 'shan-county' },
      ],
      RecordingConfigurationArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('RecordingConfiguration'), 'Arn'] },
      MaximumMessageLength: 200,
      MaximumMessageRatePerSecond: 10,
      FallbackResult: 'DENY',
    });
  });

  it('records to a private, encrypted, TLS-only bucket', () => {
    const config = Object.values(app.findResources('AWS::IVS::RecordingConfiguration'))[0]!;
    const bucketId = config.Properties.DestinationConfiguration.S3.BucketName.Ref as string;
    expect(resources[bucketId]!.Properties).toMatchObject({
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      BucketEncryption: expect.any(Object),
      LoggingConfiguration: expect.any(Object),
    });
    expect(resources[bucketId]!.DeletionPolicy).toBe('Retain');
    app.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: bucketId },
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  it('no stream key value in any output, and no output naming one', () => {
    for (const { data, app: template } of prod.stacks) {
      for (const output of [...Object.values(template.toJSON().Outputs ?? {}), ...Object.values(data.toJSON().Outputs ?? {})]) {
        const text = JSON.stringify(output);
        expect(text).not.toMatch(/stream.?key/i);
        expect(text).not.toMatch(/sk_[a-z0-9-]+_/);
      }
      expect(JSON.stringify(template.toJSON())).not.toMatch(/"(Value|StreamKey)"\]/); // no GetAtt of a key value
    }
  });

  it('dev (one county, no recording) provisions one county channel and has no recording resources', () => {
    const devApp = dev.stacks[0]!.app;
    devApp.resourceCountIs('AWS::IVS::RecordingConfiguration', 0);
    const [provisioning] = Object.values(devApp.findResources('Custom::CountyChannels'));
    expect(provisioning!.Properties.Counties).toEqual([{ countyCode: '371721', slug: 'cao-county' }]);
    expect(provisioning!.Properties).not.toHaveProperty('RecordingConfigurationArn');
  });

  it('an EventBridge rule sends IVS stream state changes to the live-status function, with retries and a DLQ', () => {
    const liveStatusId = functionIdByDescription(liveStatusFunction.description);
    app.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { source: ['aws.ivs'], 'detail-type': ['IVS Stream State Change'] },
      Targets: [
        Match.objectLike({
          Arn: { 'Fn::GetAtt': [liveStatusId, 'Arn'] },
          RetryPolicy: { MaximumRetryAttempts: 8, MaximumEventAgeInSeconds: 3600 },
          DeadLetterConfig: { Arn: Match.anyValue() },
        }),
      ],
    });
    const reconcileId = functionIdByDescription(reconcileLiveFunction.description);
    app.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: `rate(${reconcileLiveFunction.rateMinutes} minutes)`,
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [reconcileId, 'Arn'] } })],
    });
    expect(resources[liveStatusId]!.Properties.Environment.Variables).toMatchObject({ CATALOG_TABLE: expect.anything() });
    expect(resources[liveStatusId]!.Properties.Environment.Variables).not.toHaveProperty('COUNTY_CHANNELS');
  });

  it('the live-status function may read its items and the county channels, write live status, call GetStream and announce a go-live (bus, fan-out queue); nothing more', () => {
    const statements = statementsOf(functionIdByDescription(liveStatusFunction.description)).filter((s) => !actions([s]).some((a) => a.startsWith('xray:') || a.startsWith('logs:')));
    expect(actions(statements).sort()).toEqual(['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem', 'events:PutEvents', 'ivs:GetStream', 'sqs:SendMessage']);
    const query = statements.find((s) => actions([s]).includes('dynamodb:Query'))!;
    expect(query.Condition).toEqual({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['COUNTY_CHANNELS'] } });
    const put = statements.find((s) => actions([s]).includes('dynamodb:PutItem'))!;
    expect(put.Condition).toEqual({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['SELLER#*', 'COUNTY#*'] } });
    const getStream = statements.find((s) => actions([s]).includes('ivs:GetStream'))!;
    expect(JSON.stringify(getStream.Resource)).toContain(':channel/*');
  });

  it('route functions get the IVS grants of their access tokens, scoped to IVS resources', () => {
    const channelFn = `RoutesCreateSellerChannelFunction`;
    const channelId = Object.keys(resources).find((id) => id.startsWith(channelFn) && resources[id]!.Type === 'AWS::Lambda::Function')!;
    const channelActions = actions(statementsOf(channelId));
    expect(channelActions).toEqual(expect.arrayContaining(['ivs:CreateChannel', 'ivs:CreateStreamKey', 'ivs:DeleteStreamKey', 'ivschat:CreateRoom']));
    expect(channelActions).not.toContain('ivs:PutMetadata');
    expect(channelActions.some((a) => a === '*' || a.endsWith(':*'))).toBe(false);
    expect(resources[channelId]!.Properties.Environment.Variables).toMatchObject({
      CHAT_REVIEW_FUNCTION_ARN: expect.anything(),
      CHAT_FALLBACK_RESULT: 'DENY',
      CHAT_MAX_MESSAGE_LENGTH: '200',
      CHAT_MAX_MESSAGE_RATE: '10',
      RECORDING_CONFIGURATION_ARN: { 'Fn::GetAtt': [expect.stringMatching(/^CatalogRecordingConfiguration/), 'Arn'] },
    });

    const pinId = Object.keys(resources).find((id) => id.startsWith(`Routes${pascal(createPinRoute.id)}Function`) && resources[id]!.Type === 'AWS::Lambda::Function')!;
    const pinActions = actions(statementsOf(pinId));
    expect(pinActions).toContain('ivs:PutMetadata');
    expect(pinActions).not.toContain('ivs:CreateChannel');

    const countyId = Object.keys(resources).find((id) => id.startsWith(`Routes${pascal(countyChannelRoute.id)}Function`) && resources[id]!.Type === 'AWS::Lambda::Function')!;
    expect(actions(statementsOf(countyId)).some((a) => a.startsWith('ivs'))).toBe(false);
    expect(resources[countyId]!.Properties.Environment.Variables).toMatchObject({ CATALOG_TABLE: expect.anything() });
    expect(resources[countyId]!.Properties.Environment.Variables).not.toHaveProperty('COUNTY_CHANNELS');
    expect(createChannelRoute.access).toContain('ivschat:rooms');
  });

  it('cdk-nag has no finding on any catalog construct (every acknowledgement carries a reason)', () => {
    const catalogPaths = [/\/Catalog\//, ...catalogRoutes.map((route) => new RegExp(`/Routes/${pascal(route.id)}Function/`))];
    for (const { violations } of [prod, dev]) {
      const catalogFindings = violations.flatMap((v) => v.paths.filter((path) => catalogPaths.some((p) => p.test(path))).map((path) => `${v.ruleName} ${path}`));
      expect(catalogFindings).toEqual([]);
    }
  });
});

describe('catalog writes: dynamodb:LeadingKeys per access token (CDK)', () => {
  // Read from each route's handler and store (lambdas/catalog/store, lambdas/chat/store): the partitions it writes.
  const expected: Record<string, string[]> = {
    putSellerProfile: ['SELLER#*'],
    createProduct: ['SELLER#*', 'STOCK#*'],
    patchProduct: ['SELLER#*', 'STOCK#*'],
    // Archiving also marks the product's stock shards, which carry its status for the order's check.
    archiveProduct: ['SELLER#*', 'STOCK#*'],
    createSellerChannel: ['SELLER#*', 'CHANNEL#*', 'ROOM#*'],
    rotateStreamKey: ['SELLER#*'],
    // Pins set flash units aside on the product's own STOCK# shards, and return them; each new pin is logged for replays.
    createPin: ['SELLER#*', 'STOCK#*', 'PINLOG#*'],
    deleteCurrentPin: ['SELLER#*', 'STOCK#*', 'PINLOG#*'],
    putChatSettings: ['SELLER#*'],
    createChatBan: ['SELLER#*'],
    deleteChatBan: ['SELLER#*'],
  };

  it.each(Object.entries(expected))('%s may write only %j of the catalog table', (routeId, partitions) => {
    expect(catalogWrites(routeFunctionId(routeId))).toEqual([{ actions: itemWrites, leadingKeys: partitions }]);
  });

  it('orders update only stock shards; every other route writes nothing in the catalog table', () => {
    for (const route of routes.filter((r) => !(r.id in expected))) {
      const writes = catalogWrites(routeFunctionId(route.id));
      if (route.id === 'placeOrder' || route.id === 'cancelOrder') {
        expect(writes, route.id).toEqual([{ actions: ['dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:UpdateItem'], leadingKeys: ['STOCK#*'] }]);
      } else if (['applyAsSeller', 'approveSellerApplication', 'rejectSellerApplication'].includes(route.id)) {
        // Seller applications (lambdas/accounts/model.ts): their own partition family, never a seller's items.
        expect(writes, route.id).toEqual([{ actions: ['dynamodb:GetItem', 'dynamodb:PutItem'], leadingKeys: ['APPLICATION#*'] }]);
      } else {
        expect(writes, route.id).toEqual([]);
      }
    }
  });

  it('no function of the app (routes, review, live status, reconcile) writes the catalog table without a LeadingKeys condition', () => {
    const functionIds = Object.keys(app.findResources('AWS::Lambda::Function'));
    let writers = 0;
    for (const id of functionIds) {
      for (const write of catalogWrites(id)) {
        writers += 1;
        expect(write.leadingKeys, id).toEqual(expect.any(Array));
        // A partition family (`SELLER#*`) or one exact partition (the county channels' `COUNTY_CHANNELS`).
        expect((write.leadingKeys as string[]).every((pattern) => /^[A-Z]+#\*$|^[A-Z_]+$/.test(pattern)), id).toBe(true);
      }
    }
    expect(writers).toBeGreaterThanOrEqual(Object.keys(expected).length + 4);
  });

  it('the live-status functions read only lookups and seller items, and write only live status (put, and the announced mark)', () => {
    for (const description of [liveStatusFunction.description, reconcileLiveFunction.description]) {
      const statements = statementsOf(functionIdByDescription(description)).filter(isCatalogTable);
      const get = statements.find((s) => actions([s]).includes('dynamodb:GetItem'))!;
      expect(get.Condition).toEqual({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['CHANNEL#*', 'SELLER#*'] } });
      expect(catalogWrites(functionIdByDescription(description))).toEqual([
        { actions: ['dynamodb:PutItem'], leadingKeys: ['SELLER#*', 'COUNTY#*'] },
        { actions: ['dynamodb:UpdateItem'], leadingKeys: ['SELLER#*', 'COUNTY#*'] },
      ]);
    }
  });
});

describe('catalog write partitions match the item keys (lambdas/catalog/model.ts)', () => {
  const may = (token: keyof typeof catalogWritePartitions, pk: string) => catalogWritePartitions[token].some((pattern) => matches(pattern, pk));
  const sellerItems = [profileKey('s1'), productKey('s1', 'p1'), currentPinKey('s1'), channelKey('s1'), chatSettingsKey('s1'), chatBanKey('s1', 'u1')];
  const foreign = {
    stock: stockShardKey('p1', 3),
    channelLookup: channelLookupKey('arn:aws:ivs:ap-northeast-1:123456789012:channel/abc'),
    roomLookup: chatRoomLookupKey('arn:aws:ivschat:ap-northeast-1:123456789012:room/abc'),
    slowMode: slowModeKey('arn:aws:ivschat:ap-northeast-1:123456789012:room/abc', 'u1'),
    countyLive: countyLiveKey('371721'),
  };

  it('every token reaches the seller-owned items (same partition as the seller live status, written by the live-status function only)', () => {
    for (const token of Object.keys(catalogWritePartitions) as (keyof typeof catalogWritePartitions)[]) {
      for (const key of [...sellerItems, sellerLiveKey('s1')]) expect(may(token, key.pk), `${token} ${key.pk}`).toBe(true);
    }
  });

  it('catalog:write:seller reaches no stock, lookup, slow-mode or county item', () => {
    for (const [name, key] of Object.entries(foreign)) expect(may('catalog:write:seller', key.pk), name).toBe(false);
  });

  it('products and pins reach stock shards; the channel reaches its lookups; nothing else', () => {
    const reach = (token: keyof typeof catalogWritePartitions) => Object.entries(foreign).filter(([, key]) => may(token, key.pk)).map(([name]) => name);
    expect(reach('catalog:write:products')).toEqual(['stock']);
    expect(reach('catalog:write:pins')).toEqual(['stock']);
    expect(reach('catalog:write:channel')).toEqual(['channelLookup', 'roomLookup']);
  });
});
