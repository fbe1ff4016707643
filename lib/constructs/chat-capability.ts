import { Annotations, ArnFormat, AspectPriority, Aspects, Duration, Stack, Token, type IAspect } from 'aws-cdk-lib';
import type { IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { CfnRoom } from 'aws-cdk-lib/aws-ivschat';
import { Alias, type IFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct, type IConstruct, type IDependable } from 'constructs';
import { notifyingAlarm } from './alarms';
import { createChannelRoute } from '../../lambdas/catalog/routes';
import { chatRoomLookupKey, SLOW_MODE_PK_PREFIX, sellerPk } from '../../lambdas/catalog/model';
import { chatReviewFunction, chatRoutes, createChatTokenRoute } from '../../lambdas/chat/routes';
import type { Access } from '../../lambdas/core/http/route';
import { tables } from '../topology';
import { BackendFunction } from './backend-function';
import type { CapabilityProps } from './capability';
import { acknowledgeExpectedWildcards, type ExpectedWildcards } from './nag-wildcards';

/** The review Lambda's p99 above this leaves too little of IVS Chat's 200 ms for the invoke itself. */
export const REVIEW_P99_ALARM_MS = 150;
/** Share of the review's reserved concurrency at which ops are warned, before throttles hand messages to the fallback. */
export const REVIEW_CONCURRENCY_ALARM_SHARE = 0.8;
export const CHAT_REVIEW_ARN_ENV = 'CHAT_REVIEW_FUNCTION_ARN';

const catalogIndexes = (arn: string) => arn.includes('CatalogTable') && arn.endsWith('/index/*');
const anyRoom = (arn: string) => /^arn:<AWS::Partition>:ivschat:[a-z0-9-]+:<AWS::AccountId>:room\/\*$/.test(arn);

/** The wildcards the chat routes' grants (access-grants.ts) carry, and why. */
const expectedWildcards: Partial<Record<Access, ExpectedWildcards>> = {
  'catalog:read': { resource: catalogIndexes, reason: "catalog:read: the catalog table's own grant names its indexes with a wildcard; chat settings and bans live in the catalog table." },
  'ivschat:tokens': { resource: anyRoom, reason: "ivschat:tokens: tokens for seller rooms created at runtime; scoped to this account's and region's IVS Chat rooms." },
  'ivschat:moderate': { resource: anyRoom, reason: "ivschat:moderate: DisconnectUser in seller rooms created at runtime; scoped to this account's and region's IVS Chat rooms." },
};

/**
 * Every IVS Chat room of the stack gets the review handler, whoever declares the room (the catalog
 * declares the county rooms): a room without it would carry chat unreviewed. The fallback result is
 * the stage's. A room that names another handler fails synthesis.
 */
export class AttachReviewHandler implements IAspect {
  constructor(
    private readonly uri: string,
    private readonly fallbackResult: 'ALLOW' | 'DENY',
    private readonly permission: IDependable,
  ) {}

  visit(node: IConstruct): void {
    if (!(node instanceof CfnRoom)) return;
    const current = Token.isUnresolved(node.messageReviewHandler) ? undefined : (node.messageReviewHandler as CfnRoom.MessageReviewHandlerProperty | undefined);
    if (current?.uri && current.uri !== this.uri) {
      Annotations.of(node).addError('Every IVS Chat room must use the chat review handler (ChatCapability.reviewHandlerArn) as its MessageReviewHandler');
      return;
    }
    node.messageReviewHandler = { uri: this.uri, fallbackResult: this.fallbackResult };
    // IVS Chat must be allowed to invoke the handler before the room takes messages.
    node.node.addDependency(this.permission);
  }
}

/**
 * Chat: the IVS Chat message review function (tiny bundle; provisioned concurrency where the stage
 * asks for it, so no cold start eats the 200 ms), its invoke permission for IVS Chat, its alarms, and
 * the wiring that puts it on every room: seller rooms created at runtime (the catalog's channel
 * function receives its ARN) and rooms declared in CDK (an aspect).
 */
export class ChatCapability extends Construct {
  readonly reviewFunction: BackendFunction;
  /** What rooms invoke: the provisioned alias when the stage has provisioned concurrency, else the function. */
  readonly reviewHandler: IFunction;
  readonly reviewHandlerArn: string;

  constructor(scope: Construct, id: string, props: CapabilityProps) {
    super(scope, id);
    const { config } = props;
    const stack = Stack.of(this);
    const catalogTable = props.data.tables.catalog;

    const fn = new BackendFunction(this, 'ReviewFunction', {
      entry: chatReviewFunction.entry,
      config,
      description: 'IVS Chat message review: answers within 200 ms',
      memoryMb: chatReviewFunction.memoryMb,
      timeoutSeconds: chatReviewFunction.timeoutSeconds,
      // Its own executions: an API flood on the shared pool cannot throttle reviews into the room fallback.
      reservedConcurrency: config.reservedConcurrency.chatReview,
      environment: { [tables.catalog.envName]: catalogTable.tableName, NODE_OPTIONS: chatReviewFunction.nodeOptions },
    });
    // Reads: a room's seller (GetItem), the seller's settings and bans (one Query). Writes: slow-mode markers only.
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['dynamodb:GetItem', 'dynamodb:Query'],
        resources: [catalogTable.tableArn],
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [chatRoomLookupKey('*').pk, sellerPk('*')] } },
      }),
    );
    // Bans reach messages through the cached room settings (issue 9, section 4): one Query of the seller's
    // partition (CHAT#BAN#…) per cache load. The same items GetItem above reaches; the table only, no index.
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['dynamodb:Query'],
        resources: [catalogTable.tableArn],
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [sellerPk('*')] } },
      }),
    );
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['dynamodb:PutItem'],
        resources: [catalogTable.tableArn],
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [`${SLOW_MODE_PK_PREFIX}*`] } },
      }),
    );
    this.reviewFunction = fn;

    const provisioned = config.chatReviewProvisionedConcurrency;
    const handler: IFunction =
      provisioned > 0
        ? new Alias(this, 'ReviewAlias', { aliasName: 'live', version: fn.currentVersion, provisionedConcurrentExecutions: provisioned })
        : fn;
    this.reviewHandler = handler;
    this.reviewHandlerArn = handler.functionArn;

    handler.addPermission('IvsChatInvoke', {
      principal: new ServicePrincipal('ivschat.amazonaws.com'),
      action: 'lambda:InvokeFunction',
      sourceAccount: stack.account,
      sourceArn: stack.formatArn({ service: 'ivschat', resource: 'room', resourceName: '*', arnFormat: ArnFormat.SLASH_RESOURCE_NAME }),
    });
    const invokePermission = handler.permissionsNode.findChild('IvsChatInvoke');

    for (const route of chatRoutes) {
      acknowledgeExpectedWildcards(props.routes.functionFor(route.id), route.access.flatMap((token) => expectedWildcards[token] ?? []));
    }
    props.routes.functionFor(createChannelRoute.id).addEnvironment(CHAT_REVIEW_ARN_ENV, this.reviewHandlerArn);
    props.routes.functionFor(createChatTokenRoute.id).addEnvironment('CHAT_TOKEN_SESSION_MINUTES', String(config.ivs.chatTokenSessionMinutes));
    Aspects.of(stack).add(new AttachReviewHandler(this.reviewHandlerArn, config.ivs.chatFallbackResult, invokePermission), {
      priority: AspectPriority.MUTATING,
    });

    const alarm = (alarmId: string, metric: IMetric, threshold: number, description: string, periods = 1) =>
      notifyingAlarm(this, alarmId, props.alarmTopic, { metric, threshold, description, evaluationPeriods: periods, datapointsToAlarm: Math.min(periods, 2) });
    alarm(
      'ReviewErrorsAlarm',
      fn.metricErrors({ period: Duration.minutes(1), statistic: 'Sum' }),
      0,
      'The chat review function failed (crash, init failure or timeout): those messages got the room fallback result.',
    );
    alarm(
      'ReviewSlowAlarm',
      fn.metricDuration({ period: Duration.minutes(5), statistic: 'p99' }),
      REVIEW_P99_ALARM_MS,
      `Chat review p99 duration is above ${REVIEW_P99_ALARM_MS} ms: near IVS Chat's 200 ms limit, after which the room fallback decides.`,
      3,
    );
    const reserved = config.reservedConcurrency.chatReview;
    alarm(
      'ReviewConcurrencyAlarm',
      fn.metric('ConcurrentExecutions', { period: Duration.minutes(1), statistic: 'Maximum' }),
      Math.floor(reserved * REVIEW_CONCURRENCY_ALARM_SHARE),
      `Chat review uses over ${REVIEW_CONCURRENCY_ALARM_SHARE * 100} % of its ${reserved} reserved executions: raise reservedConcurrency.chatReview (lib/config.ts) before throttles hand messages to the room fallback.`,
      3,
    );
    alarm(
      'ReviewThrottlesAlarm',
      fn.metricThrottles({ period: Duration.minutes(1), statistic: 'Sum' }),
      0,
      'The chat review function was throttled: those messages got the room fallback result.',
    );
  }
}
