import { inject } from 'vitest';
import type { UserGroup } from '../../lambdas/core/http/route';
import { issuerFromJwk, type LocalIssuer } from '../../local/local-issuer';
import { expectResponseContract } from './response-contract';

const runtime = inject('localRuntime');
export const baseUrl = runtime.url;
export const runtimeEnv = runtime.env;

let issuer: Promise<LocalIssuer> | undefined;
const localIssuer = () => (issuer ??= issuerFromJwk(runtime.issuerJwk));

export async function tokenFor(sub: string, ...groups: UserGroup[]): Promise<string> {
  return (await localIssuer()).sign({ sub, groups });
}

export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

/** A real HTTP call to the local gateway; a `/v1` response must match its route's declared responses. */
export async function api<T = any>(
  method: string,
  path: string,
  options: { token?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined = options.rawBody;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] = 'application/json';
  }
  const response = await fetch(`${baseUrl}${path}`, { method, headers, body });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON (CSV, HTML): keep the text
  }
  const result = { status: response.status, headers: response.headers, body: parsed as T, text };
  expectResponseContract(method, path, result);
  return result;
}

export const uniqueId = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
