import { ArnFormat, Stack } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Function as LambdaFunction, IFunction } from 'aws-cdk-lib/aws-lambda';
import type { IUserPool } from 'aws-cdk-lib/aws-cognito';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { applicationKey } from '../../lambdas/accounts/model';
import { channelLookupKey, chatRoomLookupKey, pinLogKey, profileKey } from '../../lambdas/catalog/model';
import { stockShardKey } from '../../lambdas/catalog/stock-shards';
import type { Access } from '../../lambdas/core/http/route';
import { followKey, followerKey, inboxPartition, replaysPartition } from '../../lambdas/live/model';
import type { StageConfig } from '../config';
import { buckets, queues, tables } from '../topology';
import { acknowledgeExpectedWildcards, type ExpectedWildcards } from './nag-wildcards';
import { grantPaymentProvider } from './payment-secret';

export interface DataResources {
  readonly catalogTable: ITable;
  readonly ordersTable: ITable;
  readonly liveTable: ITable;
  readonly fulfilmentQueue: IQueue;
  readonly reportsBucket: IBucket;
  /** The region's user pool; only `cognito:sellers` needs it. */
  readonly userPool?: IUserPool;
  /** The stage and the notify route's URL; only `payments:provider` needs them. */
  readonly paymentProvider?: { readonly config: StageConfig; readonly notifyUrl: string };
}

type GrantableFunction = LambdaFunction;

/** Prefix under which report files live; report functions get nothing outside it. */
export const REPORTS_PREFIX = 'reports/';

const ivsArn = (fn: IFunction, service: 'ivs' | 'ivschat', resource: string) =>
  Stack.of(fn).formatArn({ service, resource, resourceName: '*', arnFormat: ArnFormat.SLASH_RESOURCE_NAME });

const allow = (fn: IFunction, actions: string[], resources: string[]) =>
  fn.addToRolePolicy(new PolicyStatement({ actions, resources }));

// No Scan: every read path of the API is a key lookup or an index Query.
const tableReadActions = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:ConditionCheckItem', 'dynamodb:DescribeTable'];
const tableWriteActions = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'];
// Item writes only (also what a TransactWriteItems item is authorised as); no catalog store batch-writes.
const catalogWriteActions = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'];

/** `SELLER#*` from a key such as `SELLER#{sellerId}`: the LeadingKeys pattern of that item family. */
const partitionPattern = (key: { pk: string }) => `${key.pk.slice(0, key.pk.indexOf('#') + 1)}*`;
const SELLER_ITEMS = partitionPattern(profileKey('x'));
const STOCK_SHARDS = partitionPattern(stockShardKey('x', 0));
const CHANNEL_LOOKUPS = partitionPattern(channelLookupKey('x'));
const ROOM_LOOKUPS = partitionPattern(chatRoomLookupKey('x'));
const APPLICATIONS = partitionPattern(applicationKey('x'));
const PIN_LOG = partitionPattern(pinLogKey('x', 't', 'p'));

type CatalogWriteAccess = Extract<Access, `catalog:write:${string}`>;

/**
 * The partition keys each catalog write token may write (lambdas/catalog/model.ts), as read from the
 * stores its routes call. Anything else in the table (stock shards, lookups, live status, slow-mode
 * markers) stays out of reach of a seller or chat function.
 */
export const catalogWritePartitions: Record<CatalogWriteAccess, readonly string[]> = {
  // Profile, archive, stream key, chat settings and bans: items under the seller's own partition.
  'catalog:write:seller': [SELLER_ITEMS],
  // A product is created, and restocked, together with its stock shards.
  'catalog:write:products': [SELLER_ITEMS, STOCK_SHARDS],
  // The channel item, plus the lookups IVS events (CHANNEL#) and chat reviews (ROOM#) resolve.
  'catalog:write:channel': [SELLER_ITEMS, CHANNEL_LOOKUPS, ROOM_LOOKUPS],
  // The current pin and its pin-log entry (for replays); a flash pin sets units aside on the product's own shards, and returns them.
  'catalog:write:pins': [SELLER_ITEMS, STOCK_SHARDS, PIN_LOG],
};
/** What orders may touch in the catalog: units taken from and given back to stock shards. */
export const orderStockPartitions: readonly string[] = [STOCK_SHARDS];

const FOLLOWS = partitionPattern(followKey('x', 'y'));
const FOLLOWERS = partitionPattern(followerKey('x', 0, 'y'));
const INBOXES = partitionPattern({ pk: inboxPartition('x') });
const REPLAYS = partitionPattern({ pk: replaysPartition('x') });

/** The live table's partitions each live token may touch (lambdas/live/model.ts); the route scopes each to its caller. */
export const livePartitions = {
  'live:follows': [FOLLOWS, FOLLOWERS],
  'live:read:following': [FOLLOWS],
  'live:read:notifications': [INBOXES],
  'live:read:replays': [REPLAYS],
} as const satisfies Record<Extract<Access, `live:${string}`>, readonly string[]>;

const leadingKeys = (patterns: readonly string[]) => ({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [...patterns] } });

const allowTable = (fn: IFunction, table: ITable, actions: string[]) =>
  allow(fn, actions, [table.tableArn, `${table.tableArn}/index/*`]);

const ivsWildcard = (service: 'ivs' | 'ivschat', resource: string) => (arn: string) =>
  new RegExp(`^arn:<AWS::Partition>:${service}:[a-z0-9-]+:<AWS::AccountId>:${resource}/\\*$`).test(arn);
const indexWildcard = (arn: string) => arn.endsWith('/index/*');

/** The wildcards each token's grant carries by design, with the reason cdk-nag records. */
const expectedWildcards: Record<Access, ExpectedWildcards[]> = {
  'catalog:read': [{ resource: indexWildcard, reason: "Reads the catalog table's own sparse indexes (gsi1, gsi2); index names are fixed by lib/topology.ts." }],
  'catalog:write:seller': [],
  'catalog:write:products': [],
  'catalog:write:channel': [],
  'catalog:write:pins': [],
  'catalog:stock': [],
  'orders:read': [{ resource: indexWildcard, reason: "Reads the orders table's own indexes (buyer, seller and day lists); index names are fixed by lib/topology.ts." }],
  'orders:write': [{ resource: indexWildcard, reason: "Reads the orders table's own indexes (buyer, seller and day lists); index names are fixed by lib/topology.ts." }],
  'reports:read': [{ resource: (arn) => arn.endsWith('/reports/*'), reason: 'Report files are keyed by date under the reports/ prefix; nothing outside it.' }],
  'reports:write': [{ resource: (arn) => arn.endsWith('/reports/*'), reason: 'Report files are keyed by date under the reports/ prefix; nothing outside it.' }],
  'fulfilment:send': [],
  'live:follows': [],
  'live:read:following': [],
  'live:read:notifications': [],
  'live:read:replays': [],
  'ivs:channels': [
    {
      resource: (arn) => ivsWildcard('ivs', 'channel')(arn) || ivsWildcard('ivs', 'stream-key')(arn),
      reason: "Seller channels and stream keys are created at runtime, so their ARNs are unknown at deploy time; scoped to this account's and region's channels and keys.",
    },
  ],
  'ivs:metadata': [{ resource: ivsWildcard('ivs', 'channel'), reason: "PutMetadata on seller channels created at runtime; scoped to this account's and region's channels." }],
  'ivschat:rooms': [{ resource: ivsWildcard('ivschat', 'room'), reason: "Seller chat rooms are created at runtime; scoped to this account's and region's rooms." }],
  'ivschat:tokens': [{ resource: ivsWildcard('ivschat', 'room'), reason: "Chat tokens for seller rooms created at runtime; scoped to this account's and region's rooms." }],
  'ivschat:moderate': [{ resource: ivsWildcard('ivschat', 'room'), reason: "Moderation of seller rooms created at runtime; scoped to this account's and region's rooms." }],
  'accounts:apply': [],
  'accounts:read': [],
  'accounts:decide': [],
  'cognito:sellers': [],
  'payments:provider': [],
};

/**
 * Turns a function's access tokens into the narrowest IAM grants and the environment variables that
 * name the resources. IVS and IVS Chat actions are scoped to this account's and region's channels and
 * rooms (they have no finer resource for create calls).
 */
export function grantAccess(fn: GrantableFunction, access: readonly Access[], data: DataResources): void {
  for (const token of new Set(access)) {
    switch (token) {
      case 'catalog:read':
        allowTable(fn, data.catalogTable, tableReadActions);
        fn.addEnvironment(tables.catalog.envName, data.catalogTable.tableName);
        break;
      case 'catalog:write:seller':
      case 'catalog:write:products':
      case 'catalog:write:channel':
      case 'catalog:write:pins':
        fn.addToRolePolicy(
          new PolicyStatement({ actions: catalogWriteActions, resources: [data.catalogTable.tableArn], conditions: leadingKeys(catalogWritePartitions[token]) }),
        );
        fn.addEnvironment(tables.catalog.envName, data.catalogTable.tableName);
        break;
      case 'catalog:stock':
        fn.addToRolePolicy(
          new PolicyStatement({
            // Read and move units on stock shards (cancel reads where a flash unit goes back first).
            actions: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:UpdateItem'],
            resources: [data.catalogTable.tableArn],
            conditions: leadingKeys(orderStockPartitions),
          }),
        );
        fn.addEnvironment(tables.catalog.envName, data.catalogTable.tableName);
        break;
      case 'orders:read':
        allowTable(fn, data.ordersTable, tableReadActions);
        fn.addEnvironment(tables.orders.envName, data.ordersTable.tableName);
        break;
      case 'orders:write':
        allowTable(fn, data.ordersTable, [...tableReadActions, ...tableWriteActions]);
        fn.addEnvironment(tables.orders.envName, data.ordersTable.tableName);
        break;
      case 'reports:read':
        allow(fn, ['s3:GetObject'], [data.reportsBucket.arnForObjects(`${REPORTS_PREFIX}*`)]);
        // Listing, only under the prefix. It is also what makes S3 answer 404 (NoSuchKey) rather than
        // 403 for a day not generated yet: S3 checks ListBucket with the missing key as the prefix.
        fn.addToRolePolicy(
          new PolicyStatement({
            actions: ['s3:ListBucket'],
            resources: [data.reportsBucket.bucketArn],
            conditions: { StringLike: { 's3:prefix': [`${REPORTS_PREFIX}*`] } },
          }),
        );
        fn.addEnvironment(buckets.reports.envName, data.reportsBucket.bucketName);
        break;
      case 'reports:write':
        allow(fn, ['s3:PutObject'], [data.reportsBucket.arnForObjects(`${REPORTS_PREFIX}*`)]);
        fn.addEnvironment(buckets.reports.envName, data.reportsBucket.bucketName);
        break;
      case 'fulfilment:send':
        data.fulfilmentQueue.grantSendMessages(fn);
        fn.addEnvironment(queues.fulfilment.envName, data.fulfilmentQueue.queueUrl);
        break;
      case 'live:follows':
        // A follow and its follower item go in one transaction (each item authorised as its own write).
        fn.addToRolePolicy(
          new PolicyStatement({ actions: ['dynamodb:PutItem', 'dynamodb:DeleteItem'], resources: [data.liveTable.tableArn], conditions: leadingKeys(livePartitions[token]) }),
        );
        fn.addEnvironment(tables.live.envName, data.liveTable.tableName);
        break;
      case 'live:read:following':
      case 'live:read:notifications':
      case 'live:read:replays':
        fn.addToRolePolicy(new PolicyStatement({ actions: ['dynamodb:Query'], resources: [data.liveTable.tableArn], conditions: leadingKeys(livePartitions[token]) }));
        fn.addEnvironment(tables.live.envName, data.liveTable.tableName);
        break;
      case 'ivs:channels':
        allow(
          fn,
          ['ivs:CreateChannel', 'ivs:GetChannel', 'ivs:TagResource', 'ivs:CreateStreamKey', 'ivs:DeleteStreamKey', 'ivs:ListStreamKeys', 'ivs:GetStreamKey', 'ivs:GetStream'],
          [ivsArn(fn, 'ivs', 'channel'), ivsArn(fn, 'ivs', 'stream-key')],
        );
        break;
      case 'ivs:metadata':
        allow(fn, ['ivs:PutMetadata', 'ivs:GetStream'], [ivsArn(fn, 'ivs', 'channel')]);
        break;
      case 'ivschat:rooms':
        allow(fn, ['ivschat:CreateRoom', 'ivschat:GetRoom', 'ivschat:UpdateRoom', 'ivschat:TagResource'], [ivsArn(fn, 'ivschat', 'room')]);
        break;
      case 'ivschat:tokens':
        allow(fn, ['ivschat:CreateChatToken'], [ivsArn(fn, 'ivschat', 'room')]);
        break;
      case 'ivschat:moderate':
        allow(fn, ['ivschat:DisconnectUser', 'ivschat:DeleteMessage'], [ivsArn(fn, 'ivschat', 'room')]);
        break;
      case 'accounts:apply':
      case 'accounts:decide':
        // GetItem and PutItem on application items only (a decision is a conditional put of the whole item).
        fn.addToRolePolicy(
          new PolicyStatement({ actions: ['dynamodb:GetItem', 'dynamodb:PutItem'], resources: [data.catalogTable.tableArn], conditions: leadingKeys([APPLICATIONS]) }),
        );
        fn.addEnvironment(tables.catalog.envName, data.catalogTable.tableName);
        break;
      case 'accounts:read':
        fn.addToRolePolicy(new PolicyStatement({ actions: ['dynamodb:GetItem'], resources: [data.catalogTable.tableArn], conditions: leadingKeys([APPLICATIONS]) }));
        // Applications by status live on gsi1 (lambdas/accounts/model.ts); LeadingKeys cannot scope an index Query.
        allow(fn, ['dynamodb:Query'], [`${data.catalogTable.tableArn}/index/gsi1`]);
        fn.addEnvironment(tables.catalog.envName, data.catalogTable.tableName);
        break;
      case 'cognito:sellers': {
        if (!data.userPool) throw new Error('cognito:sellers needs the user pool in DataResources');
        // IAM has no condition on the group name: the function adds to `sellers` only (lambdas/accounts).
        allow(fn, ['cognito-idp:AdminAddUserToGroup'], [data.userPool.userPoolArn]);
        fn.addEnvironment('USER_POOL_ID', data.userPool.userPoolId);
        break;
      }
      case 'payments:provider':
        if (!data.paymentProvider) throw new Error('payments:provider needs the stage and notify URL in DataResources');
        grantPaymentProvider(fn, data.paymentProvider.config, { notifyUrl: data.paymentProvider.notifyUrl });
        break;
      default: {
        const unknown: never = token;
        throw new Error(`No grant for access token ${String(unknown)}`);
      }
    }
  }
  acknowledgeExpectedWildcards(fn, [...new Set(access)].flatMap((token) => expectedWildcards[token]));
}
