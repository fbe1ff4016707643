import { S3Client } from '@aws-sdk/client-s3';
import { tracer } from '../observability';

// Local emulators answer on an IP address, where virtual-hosted bucket names cannot resolve.
export const s3Client = tracer.captureAWSv3Client(new S3Client({ forcePathStyle: process.env.AWS_ENDPOINT_URL_S3 !== undefined }));
