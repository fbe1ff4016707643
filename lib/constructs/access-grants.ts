import { ArnFormat, Stack } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Access } from '../../lambdas/core/http/route';
import { buckets, queues, tables } from '../topology';

export interface DataResources {
  readonly catalogTable: ITable;
  readonly ordersTable: ITable;
  readonly fulfilmentQueue: IQueue;
  readonly reportsBucket: IBucket;
}

type GrantableFunction = IFunction & { addEnvironment(key: string, value: string): unknown };

/** Prefix under which report files live; report functions get nothing outside it. */
export const REPORTS_PREFIX = 'reports/';

const ivsArn = (fn: IFunction, service: 'ivs' | 'ivschat', resource: string) =>
  Stack.of(fn).formatArn({ service, resource, resourceName: '*', arnFormat: ArnFormat.SLASH_RESOURCE_NAME });

const allow = (fn: IFunction, actions: string[], resources: string[]) =>
  fn.addToRolePolicy(new PolicyStatement({ actions, resources }));

/**
 * Turns a function's access tokens into the narrowest IAM grants and the environment variables that
 * name the resources. IVS and IVS Chat actions are scoped to this account's and region's channels and
 * rooms (they have no finer resource for create calls).
 */
export function grantAccess(fn: GrantableFunction, access: readonly Access[], data: DataResources): void {
  for (const token of new Set(access)) {
    switch (token) {
      case 'catalog:read':
        data.catalogTable.grantReadData(fn);
        fn.addEnvironment(tables.catalog.envName, data.catalogTable.tableName);
        break;
      case 'catalog:write':
        data.catalogTable.grantReadWriteData(fn);
        fn.addEnvironment(tables.catalog.envName, data.catalogTable.tableName);
        break;
      case 'orders:read':
        data.ordersTable.grantReadData(fn);
        fn.addEnvironment(tables.orders.envName, data.ordersTable.tableName);
        break;
      case 'orders:write':
        data.ordersTable.grantReadWriteData(fn);
        fn.addEnvironment(tables.orders.envName, data.ordersTable.tableName);
        break;
      case 'reports:read':
        data.reportsBucket.grantRead(fn, `${REPORTS_PREFIX}*`);
        fn.addEnvironment(buckets.reports.envName, data.reportsBucket.bucketName);
        break;
      case 'reports:write':
        data.reportsBucket.grantPut(fn, `${REPORTS_PREFIX}*`);
        fn.addEnvironment(buckets.reports.envName, data.reportsBucket.bucketName);
        break;
      case 'fulfilment:send':
        data.fulfilmentQueue.grantSendMessages(fn);
        fn.addEnvironment(queues.fulfilment.envName, data.fulfilmentQueue.queueUrl);
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
      default: {
        const unknown: never = token;
        throw new Error(`No grant for access token ${String(unknown)}`);
      }
    }
  }
}
