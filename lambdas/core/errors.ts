/** Error codes of the v1 contract (docs/api.md, Errors): the only codes a client ever sees. */
export type ErrorCode =
  | 'VALIDATION_FAILED'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'BANNED'
  | 'NOT_FOUND'
  | 'OUT_OF_STOCK'
  | 'CONFLICT'
  | 'CHANNEL_NOT_LIVE'
  | 'PROFILE_REQUIRED'
  | 'IDEMPOTENCY_KEY_REUSED'
  | 'RATE_LIMITED'
  | 'UNAVAILABLE'
  | 'INTERNAL';

export interface ErrorDetail {
  path?: string;
  message?: string;
  [key: string]: unknown;
}

/** An error that is safe to show to the client as it is. Anything else becomes a generic 500. */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    readonly statusCode: number,
    readonly code: ErrorCode,
    message: string,
    readonly details?: readonly ErrorDetail[],
  ) {
    super(message);
  }
}

export const validationFailed = (message: string, details?: ErrorDetail[]) =>
  new ApiError(400, 'VALIDATION_FAILED', message, details);
export const unauthenticated = (message = 'A valid bearer token is required') =>
  new ApiError(401, 'UNAUTHENTICATED', message);
export const forbidden = (message = 'This role may not call this route') =>
  new ApiError(403, 'FORBIDDEN', message);
export const banned = (message = 'You are banned from this chat room') =>
  new ApiError(403, 'BANNED', message);
export const notFound = (what = 'Resource') => new ApiError(404, 'NOT_FOUND', `${what} not found`);
export const conflict = (
  message: string,
  code: 'CONFLICT' | 'CHANNEL_NOT_LIVE' | 'PROFILE_REQUIRED' = 'CONFLICT',
  details?: ErrorDetail[],
) => new ApiError(409, code, message, details);
export const outOfStock = (details: ErrorDetail[]) =>
  new ApiError(409, 'OUT_OF_STOCK', 'Not enough stock for the requested quantity', details);
export const idempotencyKeyReused = () =>
  new ApiError(422, 'IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was already used with a different request body');
export const rateLimited = (message = 'Too many requests, retry later') =>
  new ApiError(429, 'RATE_LIMITED', message);
/** A dependency is out of capacity or unavailable (e.g. a service quota): not the caller's fault, retry later. */
export const unavailable = (message = 'The service is temporarily unavailable, retry later') =>
  new ApiError(503, 'UNAVAILABLE', message);
/** A failure already logged with its safe context; the client sees only the generic message. */
export const internal = () => new ApiError(500, 'INTERNAL', 'Something went wrong on our side');
