/**
 * Errors as the two services put them on the wire: the status code, the `x-amzn-ErrorType` header
 * (which the SDK reads first to pick the exception class) and the JSON body.
 */
export class AwsServiceError extends Error {
  constructor(
    readonly statusCode: number,
    readonly errorType: string,
    readonly body: Record<string, unknown>,
  ) {
    super(typeof body.message === 'string' ? body.message : errorType);
    this.name = errorType;
  }
}

// IVS errors carry `exceptionMessage`; `message` is added because it is what the SDK copies to err.message.
const ivsError = (statusCode: number, errorType: string, message: string) =>
  new AwsServiceError(statusCode, errorType, { exceptionMessage: message, message });

export const ivsErrors = {
  validation: (message: string) => ivsError(400, 'ValidationException', message),
  notFound: (arn: string) => ivsError(404, 'ResourceNotFoundException', `Resource: ${arn} not found`),
  channelNotBroadcasting: (channelArn: string) =>
    ivsError(404, 'ChannelNotBroadcasting', `Channel: ${channelArn} is not broadcasting`),
  conflict: (message: string) => ivsError(409, 'ConflictException', message),
  quotaExceeded: (message: string) => ivsError(402, 'ServiceQuotaExceededException', message),
  throttled: (message: string) => ivsError(429, 'ThrottlingException', message),
};

export type ChatResourceType = 'ROOM';

export const chatErrors = {
  validation: (field: string, problem: string) =>
    new AwsServiceError(400, 'ValidationException', {
      message: `1 validation error detected: ${field} ${problem}`,
      reason: 'FIELD_VALIDATION_FAILED',
      fieldList: [{ name: field, message: problem }],
    }),
  notFound: (resourceId: string, resourceType: ChatResourceType = 'ROOM') =>
    new AwsServiceError(404, 'ResourceNotFoundException', {
      message: `Resource ${resourceId} not found`,
      resourceId,
      resourceType,
    }),
};

export const unknownOperation = (method: string, path: string) =>
  new AwsServiceError(404, 'UnknownOperationException', { message: `No operation at ${method} ${path}` });

export const internalError = () =>
  new AwsServiceError(500, 'InternalServerException', { message: 'Internal failure in the IVS stand-in' });
