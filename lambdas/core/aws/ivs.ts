import { IvsClient } from '@aws-sdk/client-ivs';
import { tracer } from '../observability';

export const ivsClient = tracer.captureAWSv3Client(new IvsClient({}));

/**
 * For PutMetadata only: IVS throttles it at 5 calls/s per channel, and the caller retries it with its
 * own backoff and budget (then answers 429), so the SDK must not multiply those attempts.
 */
export const ivsMetadataClient = tracer.captureAWSv3Client(new IvsClient({ maxAttempts: 1 }));
