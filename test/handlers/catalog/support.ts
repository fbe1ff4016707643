import { vi } from 'vitest';

/** Catalog configuration the handlers read at init (CDK and the local runtime set the real values). */
export const catalogTestEnv = {
  CHAT_REVIEW_FUNCTION_ARN: 'arn:aws:lambda:us-east-1:123456789012:function:village-live-test-chat-review',
  CHAT_FALLBACK_RESULT: 'DENY',
  CHAT_MAX_MESSAGE_LENGTH: '200',
  CHAT_MAX_MESSAGE_RATE: '10',
};

/** Catalog routes are seller routes: events default to the seller `zhang`. */
export { httpEvent, invoke } from '../../support/lambda-http';

/** Everything written to stdout/stderr (where Powertools and console log) while capturing. */
export function captureOutput() {
  const chunks: string[] = [];
  const spies = [process.stdout, process.stderr].map((stream) =>
    vi.spyOn(stream, 'write').mockImplementation(((chunk: unknown) => {
      chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
      return true;
    }) as typeof stream.write),
  );
  return {
    text: () => chunks.join(''),
    restore: () => spies.forEach((spy) => spy.mockRestore()),
  };
}
