import { ApiError, conflict, internal, notFound, rateLimited, unavailable } from '../../core/errors';
import { logger } from '../../core/observability';

export const errorName = (error: unknown) => (error instanceof Error ? error.name : typeof error);

/**
 * Maps an IVS / IVS Chat failure to what the client should see, and logs it with safe context only:
 * the operation, the error's name, status and request id, and the resource ARN. Never the request
 * or the response (a stream key can be in either), never the raw error object.
 */
export function ivsFailure(error: unknown, operation: string, resource?: string): ApiError {
  if (error instanceof ApiError) return error;
  const name = errorName(error);
  const metadata = (error as { $metadata?: { httpStatusCode?: number; requestId?: string } } | undefined)?.$metadata;
  const context = { operation, errorName: name, httpStatusCode: metadata?.httpStatusCode, awsRequestId: metadata?.requestId, resource };
  switch (name) {
    case 'ThrottlingException':
      logger.warn('IVS throttled the call', context);
      return rateLimited('The live video service is busy, retry in a moment');
    case 'ChannelNotBroadcasting':
      logger.info('Channel is not broadcasting', context);
      return conflict('The channel is not broadcasting', 'CHANNEL_NOT_LIVE');
    case 'ResourceNotFoundException':
      logger.warn('IVS resource not found', context);
      return notFound('Channel');
    case 'ServiceQuotaExceededException':
      logger.error('IVS service quota exceeded', context);
      return unavailable('Live channel capacity is exhausted in this region, retry later');
    case 'PendingVerification':
    case 'ServiceUnavailable':
    case 'InternalServerException':
      logger.error('IVS unavailable', context);
      return unavailable();
    case 'AccessDeniedException':
      // Our IAM grants are wrong: an operator problem, never the caller's.
      logger.error('IVS denied access', context);
      return internal();
    default:
      logger.error('IVS call failed', context);
      return internal();
  }
}

/** Runs an IVS call and turns any failure into the mapped ApiError. */
export async function callIvs<T>(operation: string, resource: string | undefined, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw ivsFailure(error, operation, resource);
  }
}
