import { describe, expect, it } from 'vitest';
import { DEFAULT_CHAT_SETTINGS, tidyBlockedTerms } from '../../../lambdas/chat/domain/settings';
import { chatSettingsBody } from '../../../lambdas/chat/schemas';

describe('chat settings', () => {
  it('defaults: no seller terms, slow mode off, contacts masked (docs/api.md)', () => {
    expect(DEFAULT_CHAT_SETTINGS).toEqual({ blockedTerms: [], slowModeSeconds: 0, maskContacts: true });
  });

  it('tidies blocked terms: trimmed, repeats dropped, order kept', () => {
    expect(tidyBlockedTerms([' 榴莲 ', '便宜', '榴莲', '', 'cheap', 'cheap '])).toEqual(['榴莲', '便宜', 'cheap']);
  });

  it.each([
    [{ blockedTerms: [], slowModeSeconds: 0, maskContacts: true }, true],
    [{ blockedTerms: Array.from({ length: 1000 }, (_, i) => `term${i}`), slowModeSeconds: 120, maskContacts: false }, true],
    [{ blockedTerms: Array.from({ length: 1001 }, (_, i) => `term${i}`), slowModeSeconds: 0, maskContacts: true }, false],
    [{ blockedTerms: ['x'.repeat(51)], slowModeSeconds: 0, maskContacts: true }, false],
    [{ blockedTerms: ['   '], slowModeSeconds: 0, maskContacts: true }, false],
    [{ blockedTerms: ['...'], slowModeSeconds: 0, maskContacts: true }, false],
    [{ blockedTerms: [], slowModeSeconds: 121, maskContacts: true }, false],
    [{ blockedTerms: [], slowModeSeconds: 1.5, maskContacts: true }, false],
    [{ blockedTerms: [], slowModeSeconds: -1, maskContacts: true }, false],
    [{ blockedTerms: [], slowModeSeconds: 0 }, false],
  ])('validates %j → %s', (body, valid) => {
    expect(chatSettingsBody.safeParse(body).success).toBe(valid);
  });
});
