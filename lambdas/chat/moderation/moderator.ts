import { findContacts, type ContactSpan } from './contacts';
import { GLOBAL_TERMS } from './global-terms';
import { normalise } from './normalise';
import { compileTermMatcher, type TermEntry } from './term-matcher';

export interface ModerationSettings {
  readonly blockedTerms: readonly string[];
  readonly maskContacts: boolean;
  /** Identifies these settings' content; a changed list must come with a new version. */
  readonly version: string;
}

export type ReviewReason = 'BLOCKED_TERM' | 'CONTACT_DETAILS' | 'CONTACT_MASKED' | 'MESSAGE_TOO_LONG';

export interface ReviewDecision {
  readonly result: 'ALLOW' | 'DENY';
  /** What viewers see: the message untouched, or with contact details masked. */
  readonly content: string;
  readonly reason?: ReviewReason;
}

export interface Moderator {
  readonly version: string;
  review(content: string): ReviewDecision;
}

/**
 * IVS Chat caps a message at 500 characters; anything far beyond that did not
 * come from IVS, and reviewing it would only spend the 200 ms budget.
 */
export const MAX_REVIEWED_LENGTH = 2000;

const MASK = '*';

function sellerEntries(blockedTerms: readonly string[]): TermEntry[] {
  return blockedTerms.map((term) => ({ term, source: 'seller', boundary: 'word-start' }));
}

/** Replaces every UTF-16 unit inside the spans, so the masked message keeps its length. */
export function maskSpans(content: string, spans: readonly ContactSpan[]): string {
  let masked = '';
  let cursor = 0;
  for (const { start, end } of spans) {
    masked += content.slice(cursor, start) + MASK.repeat(end - start);
    cursor = end;
  }
  return masked + content.slice(cursor);
}

/** The expensive part (builds the term automaton): do it once per settings version. */
export function compileModerator(settings: ModerationSettings): Moderator {
  const terms = compileTermMatcher([...GLOBAL_TERMS, ...sellerEntries(settings.blockedTerms)]);
  const { maskContacts, version } = settings;

  return {
    version,
    review(content) {
      if (content.length > MAX_REVIEWED_LENGTH) return { result: 'DENY', content, reason: 'MESSAGE_TOO_LONG' };
      if (terms.firstHit(normalise(content)) !== undefined) return { result: 'DENY', content, reason: 'BLOCKED_TERM' };
      const contacts = findContacts(content);
      if (contacts.length === 0) return { result: 'ALLOW', content };
      if (!maskContacts) return { result: 'DENY', content, reason: 'CONTACT_DETAILS' };
      return { result: 'ALLOW', content: maskSpans(content, contacts), reason: 'CONTACT_MASKED' };
    },
  };
}
