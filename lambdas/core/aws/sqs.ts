import { SQSClient } from '@aws-sdk/client-sqs';
import { tracer } from '../observability';

/** Module scope, traced. The endpoint comes from AWS_ENDPOINT_URL_SQS where one is set (the local runtime). */
export const sqsClient = tracer.captureAWSv3Client(new SQSClient({}));
