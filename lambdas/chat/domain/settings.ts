/** A seller's chat moderation settings, as the API shows them. */
export interface ChatSettings {
  blockedTerms: string[];
  slowModeSeconds: number;
  maskContacts: boolean;
}

export const MAX_BLOCKED_TERMS = 1000;
export const MAX_TERM_LENGTH = 50;
export const MAX_SLOW_MODE_SECONDS = 120;

/** What a seller who never saved settings gets (docs/api.md, GET /v1/seller/chat/settings): global terms only, slow mode off, contacts masked. */
export const DEFAULT_CHAT_SETTINGS: Readonly<ChatSettings> = Object.freeze({ blockedTerms: [], slowModeSeconds: 0, maskContacts: true });

/** Version of the defaults, for the moderator cache (stored settings carry their own). */
export const DEFAULT_SETTINGS_VERSION = 'default';

/** Trimmed, without repeats (first spelling kept): the order the seller typed them in is preserved. */
export function tidyBlockedTerms(terms: readonly string[]): string[] {
  const seen = new Set<string>();
  const tidy: string[] = [];
  for (const raw of terms) {
    const term = raw.trim();
    if (term === '' || seen.has(term)) continue;
    seen.add(term);
    tidy.push(term);
  }
  return tidy;
}
