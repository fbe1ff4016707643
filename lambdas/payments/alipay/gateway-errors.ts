import { AlipayRequestError } from 'alipay-sdk';
import { ProviderUnavailableError } from '../payment-provider';

/** Alipay answered, and said no (not a fault to retry): e.g. a refund over the paid amount. */
export class AlipayRejectedError extends Error {
  override readonly name = 'AlipayRejectedError';
  constructor(
    readonly method: string,
    readonly code: string,
    readonly subCode: string | undefined,
  ) {
    super(`Alipay refused ${method}: ${code}${subCode ? ` ${subCode}` : ''}`);
  }
}

/** Gateway code 20000 is "service unavailable"; sub codes ending in SYSTEM_ERROR say "try again, same request". */
export function isRetryableAnswer(code: string, subCode: string | undefined): boolean {
  return code === '20000' || (subCode !== undefined && /(^|\.)SYSTEM_ERROR$/.test(subCode));
}

const HTTP_STATUS = /status: (\d{3})/;

/**
 * What the SDK threw, as the port sees it: network errors, timeouts, HTTP 5xx and 429 are
 * `ProviderUnavailableError` (retry later); anything else (a bad response signature, an unreadable
 * answer) stays an error to look at. The SDK's error is not kept as `cause`: its message repeats the
 * request URL (app id, signature), which loggers print with the cause.
 */
export function classifySdkError(method: string, error: unknown): Error {
  if (!(error instanceof AlipayRequestError)) return new Error(`Alipay ${method}: ${error instanceof Error ? error.name : 'unknown'} from the SDK`);
  if (error.message.startsWith('HttpClient Request error')) return new ProviderUnavailableError(`Alipay ${method}: gateway unreachable or timed out (${networkCode(error.cause)})`);
  const status = Number(HTTP_STATUS.exec(error.message)?.[1] ?? error.responseHttpStatus ?? 0);
  if (status >= 500 || status === 429) return new ProviderUnavailableError(`Alipay ${method}: gateway answered HTTP ${status}`);
  const signature = error.message.includes('验签失败') ? 'response signature invalid' : 'unreadable response';
  return new Error(`Alipay ${method}: ${signature}${error.traceId ? ` (traceId ${error.traceId})` : ''}`);
}

function networkCode(cause: unknown): string {
  if (!(cause instanceof Error)) return 'network';
  const code = (cause as Error & { code?: unknown }).code;
  return typeof code === 'string' && /^[A-Z_]+$/.test(code) ? code : cause.name;
}
