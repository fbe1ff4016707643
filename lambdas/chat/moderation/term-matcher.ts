import AhoCorasick from 'modern-ahocorasick';
import { normaliseTerm, originalRange, type NormalisedText } from './normalise';

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
  /** Distinct folded terms in the automaton. */
  readonly termCount: number;
  firstHit(message: NormalisedText): TermHit | undefined;
}

interface CompiledTerm {
  readonly entry: TermEntry;
  readonly checkStart: boolean;
  readonly checkEnd: boolean;
}

const WORD_LETTER = /^[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}]$/u;

function isWordLetter(char: string | undefined): boolean {
  if (char === undefined) return false;
  const code = char.charCodeAt(0);
  if (code < 128) return code >= 0x61 && code <= 0x7a;
  return WORD_LETTER.test(char);
}

function compileTerm(entry: TermEntry, folded: string): CompiledTerm {
  const latinStart = isWordLetter(folded[0]);
  const latinEnd = isWordLetter(folded[folded.length - 1]);
  return {
    entry,
    checkStart: entry.boundary !== 'anywhere' && latinStart,
    checkEnd: entry.boundary === 'whole-word' && latinEnd,
  };
}

function startsWord(message: NormalisedText, start: number): boolean {
  return start === 0 || message.separatedBefore[start] === true || !isWordLetter(message.text[start - 1]);
}

function endsWord(message: NormalisedText, end: number): boolean {
  return end === message.text.length || message.separatedBefore[end] === true || !isWordLetter(message.text[end]);
}

/** One automaton for all entries; build it once per settings version, not per message. */
export function compileTermMatcher(entries: readonly TermEntry[]): TermMatcher {
  const compiled: CompiledTerm[] = [];
  const patterns: { pattern: string; data: number }[] = [];
  const seen = new Set<string>();
  for (const entry of entries) {
    const folded = normaliseTerm(entry.term);
    const key = `${entry.boundary}\u0000${folded}`;
    if (folded === '' || seen.has(key)) continue;
    seen.add(key);
    patterns.push({ pattern: folded, data: compiled.length });
    compiled.push(compileTerm(entry, folded));
  }
  const automaton = new AhoCorasick<number>(patterns);

  return {
    termCount: compiled.length,
    firstHit(message) {
      if (message.text === '') return undefined;
      for (const match of automaton.iterate(message.text)) {
        const term = compiled[match.data!]!;
        if (term.checkStart && !startsWord(message, match.start)) continue;
        if (term.checkEnd && !endsWord(message, match.end)) continue;
        return { term: term.entry.term, source: term.entry.source, ...originalRange(message, match.start, match.end) };
      }
      return undefined;
    },
  };
}
