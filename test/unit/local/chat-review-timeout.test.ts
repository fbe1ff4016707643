import { describe, expect, it } from 'vitest';
import { chatReviewTimeoutMs } from '../../../local/wiring/ivs';

describe("the local runtime's limit for the chat review function", () => {
  it("is IVS Chat's 200 ms unless LOCAL_CHAT_REVIEW_TIMEOUT_MS raises it (as the tests' runtime does)", () => {
    expect(chatReviewTimeoutMs({})).toBe(200);
    expect(chatReviewTimeoutMs({ LOCAL_CHAT_REVIEW_TIMEOUT_MS: '10000' })).toBe(10_000);
  });

  it.each(['0', '-5', '1.5', 'soon', ''])('refuses LOCAL_CHAT_REVIEW_TIMEOUT_MS=%s', (value) => {
    expect(() => chatReviewTimeoutMs({ LOCAL_CHAT_REVIEW_TIMEOUT_MS: value })).toThrow(/positive integer/);
  });
});
