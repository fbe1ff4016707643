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
 * answer) stays an error to look at. Messages carry no request parameters.
 */
export function classifySdkError(method: string, error: unknown): Error {
  if (!(error instanceof AlipayRequestError)) return error instanceof Error ? error : new Error(String(error));
  if (error.message.startsWith('HttpClient Request error')) return new ProviderUnavailableError(`Alipay ${method}: gateway unreachable or timed out`, { cause: error });
  const status = Number(HTTP_STATUS.exec(error.message)?.[1] ?? error.responseHttpStatus ?? 0);
  if (status >= 500 || status === 429) return new ProviderUnavailableError(`Alipay ${method}: gateway answered HTTP ${status}`, { cause: error });
  return new Error(`Alipay ${method}: unusable gateway response (${error.message.split(',')[0]})`, { cause: error });
}
