import { LRUCache } from 'lru-cache';
import { createModerator, prepareSellerTerms, type ModerationSettings, type Moderator } from './moderator';
import { createStepQueue, type StepQueue } from './step-queue';
import { scanTermMatcher, startTermMatcherBuild, type TermMatcher } from './term-matcher';

/**
 * Compiled moderators, one per seller (the latest settings version wins), bounded by bytes.
 *
 * No chat message waits for a compile. Building the automaton for 1,000 terms of 50 characters takes
 * about 10 ms on an idle core and several times that on a cold or busy instance, and IVS Chat gives
 * the review 200 ms in all.
 * So when a seller's terms change:
 *   1. the new terms are folded at once (fold-term.ts: well under a millisecond for 1,000 × 50
 *      characters of usual text), and the seller's moderator switches at once to a scan
 *      matcher over them: indexOf per folded term, with the automaton's boundary rules. It makes
 *      exactly the automaton's decisions, so the very first message after the change is judged by
 *      the new terms, at about 0.1 ms per message for 1,000 terms;
 *   2. the automaton is built in the background, in steps of at most `stepMs`, one step per
 *      event-loop turn across all sellers (step-queue.ts), and swapped in when done. A message
 *      therefore waits for at most one step, never for a whole compile.
 * A new version whose terms are unchanged (a re-save, a slow-mode or maskContacts change) keeps the
 * terms' matcher as it is. A build whose seller has moved on (newer terms) or was evicted is dropped.
 *
 * Bytes: each entry is sized by its terms (listed and folded strings) plus the build's arrays while
 * building, then the automaton's (see aho-corasick.ts for the estimate); the cache evicts the least
 * recently used sellers beyond `maxBytes`.
 */
export interface ModeratorCache {
  /** The moderator for this seller's (or room kind's) settings; never compiles on the caller's time. */
  get(key: string, settings: ModerationSettings): Moderator;
  /** Sellers held. */
  readonly size: number;
  /** Estimated bytes held, by the cache's own size calculation (≤ maxBytes). */
  readonly calculatedSize: number;
}

export interface ModeratorCacheOptions {
  readonly maxBytes?: number;
  /** Where background build steps run; default: a queue of `stepMs` steps, one per event-loop turn. */
  readonly queue?: StepQueue;
}

/** A small part of the review function's 512 MB: about 30 sellers at the API's maximum list, far more typical ones. */
export const DEFAULT_MODERATOR_CACHE_BYTES = 48 * 1024 * 1024;
/** One background step: what a message may wait, at most, for other sellers' compiles. */
export const COMPILE_STEP_MS = 4;
/** The entry, its settings and moderator objects, and the cache's own bookkeeping, roughly. */
const ENTRY_BYTES = 512;

/** A seller's terms and the best matcher for them so far. */
interface SellerTerms {
  readonly blockedTerms: readonly string[];
  /** The scan matcher until the automaton is built. */
  matcher: TermMatcher;
  bytes: number;
}

interface Entry {
  settings: ModerationSettings;
  readonly terms: SellerTerms;
  readonly moderator: Moderator;
}

const sameTerms = (a: readonly string[], b: readonly string[]) => a === b || (a.length === b.length && a.every((term, i) => term === b[i]));

const NO_TERMS: SellerTerms = { blockedTerms: [], matcher: scanTermMatcher([]), bytes: 0 };

export function createModeratorCache(options: ModeratorCacheOptions = {}): ModeratorCache {
  const queue = options.queue ?? createStepQueue({ stepMs: COMPILE_STEP_MS });
  const entries = new LRUCache<string, Entry>({
    maxSize: options.maxBytes ?? DEFAULT_MODERATOR_CACHE_BYTES,
    sizeCalculation: (entry) => Math.ceil(entry.terms.bytes) + ENTRY_BYTES,
  });

  function termsFor(key: string, blockedTerms: readonly string[]): SellerTerms {
    if (blockedTerms.length === 0) return NO_TERMS;
    const prepared = prepareSellerTerms(blockedTerms);
    const matcher = scanTermMatcher(prepared);
    const terms: SellerTerms = { blockedTerms, matcher, bytes: matcher.bytes };
    if (prepared.length === 0) return terms;

    const build = startTermMatcherBuild(prepared);
    terms.bytes = build.bytes;
    queue.add((until) => {
      const current = entries.peek(key);
      if (current?.terms !== terms) return true;
      const compiled = build.step(until);
      if (compiled === undefined) return false;
      terms.matcher = compiled;
      terms.bytes = compiled.bytes;
      // Sized again (LRUCache only sizes a value when it is set, and setting the same object is a no-op).
      entries.delete(key);
      entries.set(key, current);
      return true;
    });
    return terms;
  }

  return {
    get(key, settings) {
      const cached = entries.get(key);
      if (cached !== undefined) {
        if (cached.settings === settings) return cached.moderator;
        if (
          cached.settings.version === settings.version &&
          cached.settings.maskContacts === settings.maskContacts &&
          sameTerms(cached.terms.blockedTerms, settings.blockedTerms)
        ) {
          // Reloaded settings, same content: keep this object so the next lookup is an identity check.
          cached.settings = settings;
          return cached.moderator;
        }
      }
      const terms =
        cached !== undefined && sameTerms(cached.terms.blockedTerms, settings.blockedTerms)
          ? cached.terms
          : termsFor(key, settings.blockedTerms);
      const entry: Entry = { settings, terms, moderator: createModerator(settings, () => terms.matcher) };
      entries.set(key, entry);
      return entry.moderator;
    },
    get size() {
      return entries.size;
    },
    get calculatedSize() {
      return entries.calculatedSize;
    },
  };
}
