import { IvschatClient } from '@aws-sdk/client-ivschat';
import { tracer } from '../observability';

export const ivschatClient = tracer.captureAWSv3Client(new IvschatClient({}));
