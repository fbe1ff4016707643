import { SQSClient } from '@aws-sdk/client-sqs';
import { tracer } from '../observability';

/**
 * Module scope, traced. Requests go to the client's endpoint (AWS_ENDPOINT_URL_SQS where one is set,
 * e.g. the local runtime), never to the host inside a queue URL (fauxqs's are not resolvable).
 */
export const sqsClient = tracer.captureAWSv3Client(new SQSClient({ useQueueUrlAsEndpoint: false }));
