import { findContacts, type ContactSpan } from './contacts';
import { GLOBAL_TERMS } from './global-terms';
import { normalise } from './normalise';
import { compileTermMatcher, prepareTerms, type TermEntry, type TermMatcher } from './term-matcher';

export interface ModerationSettings {
  readonly blockedTerms: readonly string[];
  readonly maskContacts: boolean;
  /** Identifies these settings' content; a changed list must come with a new version. */
  readonly version: string;
}

export type DenyingReason = 'BLOCKED_TERM' | 'CONTACT_DETAILS' | 'MESSAGE_TOO_LONG';
export type ReviewReason = DenyingReason | 'CONTACT_MASKED';

export type ReviewDecision =
  | {
      readonly result: 'ALLOW';
      /** What viewers see: the message untouched, or with contact details masked. */
      readonly content: string;
      readonly reason?: 'CONTACT_MASKED';
    }
  | { readonly result: 'DENY'; readonly content: string; readonly reason: DenyingReason };

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

let globalMatcher: TermMatcher | undefined;

/**
 * The terms denied in every room, compiled once per instance on first use: an on-demand cold start
 * does not pay for it at init (a provisioned one does, see handlers/review.ts).
 */
export function globalTermMatcher(): TermMatcher {
  globalMatcher ??= compileTermMatcher(GLOBAL_TERMS);
  return globalMatcher;
}

/**
 * A moderator for these settings. `sellerTerms` gives the matcher of the seller's terms to use now:
 * the moderator cache swaps a stand-in for the compiled one when it is ready (moderator-cache.ts).
 * `globalTerms` is the shared automaton, except in the benchmark's baseline.
 */
export function createModerator(settings: ModerationSettings, sellerTerms: () => TermMatcher, globalTerms: () => TermMatcher = globalTermMatcher): Moderator {
  const { maskContacts, version } = settings;
  return {
    version,
    review(content) {
      if (content.length > MAX_REVIEWED_LENGTH) return { result: 'DENY', content, reason: 'MESSAGE_TOO_LONG' };
      const text = normalise(content);
      if (globalTerms().firstHit(text) !== undefined || sellerTerms().firstHit(text) !== undefined) {
        return { result: 'DENY', content, reason: 'BLOCKED_TERM' };
      }
      const contacts = findContacts(content);
      if (contacts.length === 0) return { result: 'ALLOW', content };
      if (!maskContacts) return { result: 'DENY', content, reason: 'CONTACT_DETAILS' };
      return { result: 'ALLOW', content: maskSpans(content, contacts), reason: 'CONTACT_MASKED' };
    },
  };
}

/** Compiles the seller's terms in one go (tests, benchmarks; the handler goes through moderator-cache.ts). */
export function compileModerator(settings: ModerationSettings): Moderator {
  const matcher = compileTermMatcher(sellerEntries(settings.blockedTerms));
  return createModerator(settings, () => matcher);
}

/** The seller's terms folded, ready for a matcher. */
export const prepareSellerTerms = (blockedTerms: readonly string[]) => prepareTerms(sellerEntries(blockedTerms));
