import { startAutomatonBuild, type Automaton } from './aho-corasick';
import { foldTerm } from './fold-term';
import { originalRange, type NormalisedText } from './normalise';

export type TermSource = 'global' | 'seller';

/**
 * Where a term may match, judged only on its Latin edges (CJK has no word
 * boundaries): 'word-start' lets "scam" hit "scammer" but not "grass" hit
 * "ass"; 'whole-word' also keeps "shit" out of "shitake".
 */
export type TermBoundary = 'anywhere' | 'word-start' | 'whole-word';

export interface TermEntry {
  readonly term: string;
  readonly source: TermSource;
  readonly boundary: TermBoundary;
}

export interface TermHit {
  /** The term as listed (not folded). */
  readonly term: string;
  readonly source: TermSource;
  /** Range in the original message. */
  readonly start: number;
  readonly end: number;
}

export interface TermMatcher {
  /** Distinct folded terms matched. */
  readonly termCount: number;
  /** Estimated heap bytes held by the matcher, terms included. */
  readonly bytes: number;
  /** A hit whose boundaries hold, if there is one (which one, when there are several, depends on the matcher). */
  firstHit(message: NormalisedText): TermHit | undefined;
}

/** A term folded as messages are, with the boundary checks its edges need. */
export interface PreparedTerm {
  readonly entry: TermEntry;
  readonly folded: string;
  readonly checkStart: boolean;
  readonly checkEnd: boolean;
}

/** A term as the builds hold it: the entry, the folded copy and two objects, roughly. */
const TERM_OVERHEAD_BYTES = 120;

const WORD_LETTER = /^[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}]$/u;

/** U+2E00–U+9FFF (CJK, kana, Hangul compatibility, …) holds no Latin, Greek or Cyrillic letter: no regex needed. */
const CJK_BLOCKS_FIRST = 0x2e00;
const CJK_BLOCKS_LAST = 0x9fff;

function isWordLetter(char: string | undefined): boolean {
  if (char === undefined) return false;
  const code = char.charCodeAt(0);
  if (code < 128) return code >= 0x61 && code <= 0x7a;
  if (code >= CJK_BLOCKS_FIRST && code <= CJK_BLOCKS_LAST) return false;
  return WORD_LETTER.test(char);
}

function startsWord(message: NormalisedText, start: number): boolean {
  return start === 0 || message.separatedBefore[start] === true || !isWordLetter(message.text[start - 1]);
}

function endsWord(message: NormalisedText, end: number): boolean {
  return end === message.text.length || message.separatedBefore[end] === true || !isWordLetter(message.text[end]);
}

function boundariesHold(term: PreparedTerm, message: NormalisedText, start: number, end: number): boolean {
  return (!term.checkStart || startsWord(message, start)) && (!term.checkEnd || endsWord(message, end));
}

const hitOf = (term: PreparedTerm, message: NormalisedText, start: number, end: number): TermHit => ({
  term: term.entry.term,
  source: term.entry.source,
  ...originalRange(message, start, end),
});

/**
 * Folds the entries as messages are folded, and drops those that fold to nothing and repeats (same
 * folded term, same boundary).
 */
export function prepareTerms(entries: readonly TermEntry[]): PreparedTerm[] {
  const prepared: PreparedTerm[] = [];
  /** Folded term → the boundaries it is already listed with. */
  const seen = new Map<string, TermBoundary[]>();
  for (const entry of entries) {
    const folded = foldTerm(entry.term);
    if (folded === '') continue;
    const boundaries = seen.get(folded);
    if (boundaries?.includes(entry.boundary)) continue;
    if (boundaries) boundaries.push(entry.boundary);
    else seen.set(folded, [entry.boundary]);
    prepared.push({
      entry,
      folded,
      checkStart: entry.boundary !== 'anywhere' && isWordLetter(folded[0]),
      checkEnd: entry.boundary === 'whole-word' && isWordLetter(folded[folded.length - 1]),
    });
  }
  return prepared;
}

/** Heap bytes of prepared terms: the listed and folded strings (2 bytes a unit at most) and the objects. */
export function preparedTermsBytes(terms: readonly PreparedTerm[]): number {
  let bytes = 0;
  for (const term of terms) bytes += 2 * (term.entry.term.length + term.folded.length) + TERM_OVERHEAD_BYTES;
  return bytes;
}

function automatonMatcher(terms: readonly PreparedTerm[], automaton: Automaton, termsBytes: number): TermMatcher {
  return {
    termCount: terms.length,
    bytes: termsBytes + automaton.bytes,
    firstHit(message) {
      let hit: TermHit | undefined;
      automaton.find(message.text, (index, start, end) => {
        const term = terms[index]!;
        if (!boundariesHold(term, message, start, end)) return false;
        hit = hitOf(term, message, start, end);
        return true;
      });
      return hit;
    },
  };
}

export interface TermMatcherBuild {
  /** Estimated heap bytes held while building, terms included. */
  readonly bytes: number;
  /** Builds until done or until `performance.now()` reaches `until`; the matcher once done. */
  step(until: number): TermMatcher | undefined;
}

/** An automaton over the terms, built a step at a time (see aho-corasick.ts). */
export function startTermMatcherBuild(terms: readonly PreparedTerm[]): TermMatcherBuild {
  const termsBytes = preparedTermsBytes(terms);
  const build = startAutomatonBuild(terms.map((term) => term.folded));
  return {
    bytes: termsBytes + build.bytes,
    step(until) {
      const automaton = build.step(until);
      return automaton && automatonMatcher(terms, automaton, termsBytes);
    },
  };
}

/** One automaton for all entries, built in one go. */
export function compileTermMatcher(entries: readonly TermEntry[]): TermMatcher {
  return startTermMatcherBuild(prepareTerms(entries)).step(Number.POSITIVE_INFINITY)!;
}

/**
 * The same decisions with nothing to build: each folded term is looked for with indexOf. Linear in
 * the number of terms per message (about 0.1 ms for 1,000 terms), so it stands in while the
 * automaton is built, and serves as the benchmark's baseline.
 */
export function scanTermMatcher(terms: readonly PreparedTerm[]): TermMatcher {
  return {
    termCount: terms.length,
    bytes: preparedTermsBytes(terms),
    firstHit(message) {
      const { text } = message;
      if (text === '') return undefined;
      for (const term of terms) {
        for (let start = text.indexOf(term.folded); start !== -1; start = text.indexOf(term.folded, start + 1)) {
          const end = start + term.folded.length;
          if (boundariesHold(term, message, start, end)) return hitOf(term, message, start, end);
        }
      }
      return undefined;
    },
  };
}
