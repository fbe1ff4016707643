import type { Topic } from 'aws-cdk-lib/aws-sns';
import type { StageConfig } from '../config';
import type { DataStack } from '../data-stack';
import type { ApiRoutes } from './api-routes';
import type { VillageHttpApi } from './http-api';

/** What every capability construct receives from the app stack. */
export interface CapabilityProps {
  readonly config: StageConfig;
  readonly data: DataStack;
  readonly http: VillageHttpApi;
  readonly routes: ApiRoutes;
  readonly alarmTopic: Topic;
}
