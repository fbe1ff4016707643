import { normaliseTerm } from './normalise';

/**
 * normaliseTerm, without its cost. normalise folds each code point on its own, without context
 * (test/unit/chat/fold-term.test.ts holds it to that), so a term folds to the concatenation of its
 * code points' folds. Most code points of a blocked term fold to themselves (lower-case letters,
 * digits, CJK ideographs): those are copied in runs; any other code point is folded by normaliseTerm
 * once and remembered. For 1,000 terms of 50 characters this costs well under a millisecond instead
 * of several, which matters because a changed term list is folded on the first message after it.
 */
const UNKNOWN = 0;
const ITSELF = 1;
const CHANGES = 2;
/** Per UTF-16 unit: does it fold to itself? (64 KiB, filled as units are met.) */
const selfFolding = new Uint8Array(0x10000);
/** Folds of code points that do not fold to themselves; bounded, the rest are folded each time. */
const folds = new Map<number, string>();
const MAX_FOLDS = 4096;

function foldsToItself(unit: number): boolean {
  let known = selfFolding[unit]!;
  if (known === UNKNOWN) {
    // Surrogates are never copied as a run: a pair is one code point, folded through the map.
    const isSurrogate = unit >= 0xd800 && unit <= 0xdfff;
    const char = String.fromCharCode(unit);
    known = !isSurrogate && normaliseTerm(char) === char ? ITSELF : CHANGES;
    selfFolding[unit] = known;
  }
  return known === ITSELF;
}

function foldCodePoint(codePoint: number): string {
  let folded = folds.get(codePoint);
  if (folded === undefined) {
    folded = normaliseTerm(String.fromCodePoint(codePoint));
    if (folds.size < MAX_FOLDS) folds.set(codePoint, folded);
  }
  return folded;
}

export function foldTerm(term: string): string {
  let folded = '';
  let runStart = 0;
  for (let i = 0; i < term.length; ) {
    const unit = term.charCodeAt(i);
    if (foldsToItself(unit)) {
      i += 1;
      continue;
    }
    const codePoint = term.codePointAt(i)!;
    folded += term.slice(runStart, i) + foldCodePoint(codePoint);
    i += codePoint > 0xffff ? 2 : 1;
    runStart = i;
  }
  return runStart === 0 ? term : folded + term.slice(runStart);
}
