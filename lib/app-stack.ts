import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { routes } from '../lambdas/routes';
import type { StageConfig } from './config';
import { AlarmTopic } from './constructs/alarm-topic';
import { ApiRoutes } from './constructs/api-routes';
import { CatalogCapability } from './constructs/catalog-capability';
import { ChatCapability } from './constructs/chat-capability';
import { LiveCapability } from './constructs/live-capability';
import { VillageHttpApi } from './constructs/http-api';
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
    new OrdersCapability(this, 'Orders', capabilityProps);
    new ChatCapability(this, 'Chat', capabilityProps);
    new ReportsCapability(this, 'Reports', capabilityProps);

    new CfnOutput(this, 'ApiUrl', { value: http.api.apiEndpoint });
    new CfnOutput(this, 'UserPoolId', { value: http.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: http.appClient.userPoolClientId });
  }
}
