import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { routes } from '../lambdas/routes';
import type { StageConfig } from './config';
import { AccountsCapability } from './constructs/accounts-capability';
import { AlarmTopic } from './constructs/alarm-topic';
import { functionLogGroup } from './constructs/backend-function';
import { ApiRoutes } from './constructs/api-routes';
import { CatalogCapability } from './constructs/catalog-capability';
import { ChatCapability } from './constructs/chat-capability';
import { CountyChannels } from './constructs/county-channels';
import { LiveCapability } from './constructs/live-capability';
import { VillageHttpApi } from './constructs/http-api';
import { OperationsDashboard } from './constructs/operations-dashboard';
import { OrdersCapability } from './constructs/orders-capability';
import { ReportsCapability } from './constructs/reports-capability';
import type { DataStack } from './data-stack';

export interface AppStackProps extends StackProps {
  readonly config: StageConfig;
  readonly data: DataStack;
}

/** The stateless half of a region: the API, its functions, event wiring and alarms. */
export class AppStack extends Stack {
  constructor(scope: Construct, id: string, props: AppStackProps) {
    super(scope, id, props);
    const { config, data } = props;
    const alarmTopic = new AlarmTopic(this, 'Alarms', { config }).topic;
    const http = new VillageHttpApi(this, 'Http', { config });
    const apiRoutes = new ApiRoutes(this, 'Routes', {
      config,
      http,
      routes,
      data: {
        catalogTable: data.tables.catalog,
        ordersTable: data.tables.orders,
        liveTable: data.tables.live,
        fulfilmentQueue: data.queues.fulfilment,
        reportsBucket: data.reportsBucket,
      },
    });
    const capabilityProps = { config, data, http, routes: apiRoutes, alarmTopic };
    const catalog = new CatalogCapability(this, 'Catalog', capabilityProps);
    new LiveCapability(this, 'Live', { ...capabilityProps, announcers: [catalog.liveStatus, catalog.reconcileLive], recordingsBucket: catalog.recordingsBucket });
    const orders = new OrdersCapability(this, 'Orders', capabilityProps);
    const chat = new ChatCapability(this, 'Chat', capabilityProps);
    new CountyChannels(this, 'CountyChannels', {
      config,
      catalogTable: data.tables.catalog,
      reviewHandlerArn: chat.reviewHandlerArn,
      reviewHandlerPermission: chat.reviewHandler.permissionsNode.findChild('IvsChatInvoke'),
      recordingConfigurationArn: catalog.recordingConfiguration?.attrArn,
    });
    const reports = new ReportsCapability(this, 'Reports', capabilityProps);
    new AccountsCapability(this, 'Accounts', capabilityProps);
    new OperationsDashboard(this, 'Operations', {
      config,
      api: http.api,
      stageName: http.stage.stageName,
      routes,
      chatReview: chat.reviewFunction,
      reportGenerator: reports.generator,
      outboxPipeName: orders.pipeName,
      queues: {
        Fulfilment: data.queues.fulfilment,
        'Fulfilment DLQ': data.queues.fulfilmentDlq,
        'Outbox DLQ': orders.outboxDlq,
        'Live-status events DLQ': catalog.eventDeadLetterQueue,
        'Report runs DLQ': reports.deadLetterQueue,
      },
    });

    new CfnOutput(this, 'ApiUrl', { value: http.api.apiEndpoint });
    new CfnOutput(this, 'UserPoolId', { value: http.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: http.appClient.userPoolClientId });
    new CfnOutput(this, 'FunctionLogGroup', { value: functionLogGroup(this, config).logGroupName });
  }
}
