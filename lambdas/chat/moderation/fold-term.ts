import { normalise, normaliseTerm } from './normalise';

/**
 * normaliseTerm, without its cost. normalise folds each code point on its own, without context
 * (test/unit/chat/fold-term.test.ts holds it to that), so a term folds to the concatenation of its
 * code points' folds. Most code points of a blocked term fold to themselves (lower-case letters,
 * digits, CJK ideographs): those are copied in runs; any other code point is folded by normaliseTerm
 * once and remembered. Which units fold to themselves is asked of normalise itself. For 1,000 terms of 50 characters this costs well under a millisecond instead
 * of several, which matters because a changed term list is folded on the first message after it.
 */
const UNKNOWN = 0;
const ITSELF = 1;
const CHANGES = 2;
/** Per UTF-16 unit: does it fold to itself? (64 KiB, learnt a 256-unit page at a time.) */
const selfFolding = new Uint8Array(0x10000);
/** Folds of code points that do not fold to themselves; bounded, the rest are folded each time. */
const folds = new Map<number, string>();
const MAX_FOLDS = 4096;
const PAGE_BITS = 8;
const PAGE_SIZE = 1 << PAGE_BITS;

/**
 * Learns which units of a page fold to themselves with one normalise() call over the page's
 * characters: a unit does when exactly one folded unit comes from it, and it is the same unit. One
 * call per page instead of one per character: a first list of CJK terms meets thousands of new ideographs.
 */
function learnPage(page: number): void {
  const first = page << PAGE_BITS;
  const isSurrogatePage = first >= 0xd800 && first <= 0xdfff;
  if (isSurrogatePage) {
    // A surrogate is never copied as a run: a pair is one code point, folded through foldCodePoint.
    selfFolding.fill(CHANGES, first, first + PAGE_SIZE);
    return;
  }
  let chars = '';
  for (let unit = first; unit < first + PAGE_SIZE; unit++) chars += String.fromCharCode(unit);
  const { text, originStart } = normalise(chars);
  const emitted = new Uint16Array(PAGE_SIZE);
  const same = new Uint8Array(PAGE_SIZE).fill(1);
  for (let j = 0; j < text.length; j++) {
    const from = originStart[j]!;
    emitted[from]! += 1;
    if (text.charCodeAt(j) !== first + from) same[from] = 0;
  }
  for (let i = 0; i < PAGE_SIZE; i++) selfFolding[first + i] = emitted[i] === 1 && same[i] === 1 ? ITSELF : CHANGES;
}

function foldsToItself(unit: number): boolean {
  if (selfFolding[unit] === UNKNOWN) learnPage(unit >> PAGE_BITS);
  return selfFolding[unit] === ITSELF;
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
