import type { ErrorCode, ErrorDetail } from '../errors';

export interface HttpResult {
  statusCode: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface ErrorEnvelope {
  error: { code: ErrorCode; message: string; details?: readonly ErrorDetail[] };
  requestId: string;
}

export const ok = (body: unknown, headers?: Record<string, string>): HttpResult => ({ statusCode: 200, body, headers });
export const created = (body: unknown, headers?: Record<string, string>): HttpResult => ({ statusCode: 201, body, headers });
export const accepted = (body: unknown = { status: 'accepted' }): HttpResult => ({ statusCode: 202, body });
export const noContent = (): HttpResult => ({ statusCode: 204 });

export function errorEnvelope(code: ErrorCode, message: string, requestId: string, details?: readonly ErrorDetail[]): ErrorEnvelope {
  return { error: details?.length ? { code, message, details } : { code, message }, requestId };
}
