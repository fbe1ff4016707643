import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { tracer } from '../observability';

/** Module scope, traced. */
export const eventBridgeClient = tracer.captureAWSv3Client(new EventBridgeClient({}));
