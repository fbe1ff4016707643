import { normaliseTerm } from './normalise';

/**
 * normaliseTerm, without its cost for the usual term. normalise folds each code point on its own (no
 * context; test/unit/chat/fold-term.test.ts holds it to that), so a term whose code units each fold
 * to themselves folds to itself: lower-case letters, digits, CJK ideographs. Whether a unit does is
 * asked of normaliseTerm once per instance and remembered (64 KiB). Any other term goes through
 * normaliseTerm. For 1,000 terms of 50 characters this is tens of microseconds instead of
 * milliseconds, which matters because a changed term list is folded on the first message after it.
 */
const UNKNOWN = 0;
const ITSELF = 1;
const CHANGES = 2;
const selfFolding = new Uint8Array(0x10000);

function foldsToItself(unit: number): boolean {
  let known = selfFolding[unit]!;
  if (known === UNKNOWN) {
    // A lone surrogate is not a character; a pair is folded as one code point by normaliseTerm.
    const isSurrogate = unit >= 0xd800 && unit <= 0xdfff;
    const char = String.fromCharCode(unit);
    known = !isSurrogate && normaliseTerm(char) === char ? ITSELF : CHANGES;
    selfFolding[unit] = known;
  }
  return known === ITSELF;
}

export function foldTerm(term: string): string {
  for (let i = 0; i < term.length; i++) {
    if (!foldsToItself(term.charCodeAt(i))) return normaliseTerm(term);
  }
  return term;
}
