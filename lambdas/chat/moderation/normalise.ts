/**
 * Folds chat text into the form that blocked terms and contact patterns are
 * matched against, remembering where every folded unit came from so a match
 * can be masked in the original message.
 *
 * Folding, per code point: compatibility decomposition (full-width → ASCII,
 * ① → 1, ㎏ → kg), lower case, diacritics and other combining marks dropped,
 * a few look-alike letters mapped to ASCII, invisible characters dropped.
 * By default separators (spaces, punctuation, symbols, emoji) are dropped too,
 * so "加 微 信", "加.微.信" and "V X" fold to "加微信" and "vx".
 */

export interface NormalisedText {
  /** The folded text. */
  readonly text: string;
  /** Per UTF-16 unit of `text`: index of the first original unit it came from. */
  readonly originStart: readonly number[];
  /** Per UTF-16 unit of `text`: index just past the original character it came from. */
  readonly originEnd: readonly number[];
  /** Per UTF-16 unit of `text`: true when separators were dropped right before it (always false with keepSeparators). */
  readonly separatedBefore: readonly boolean[];
}

export interface NormaliseOptions {
  /** Keep (folded) separators instead of dropping them; contact patterns need the dots and spaces. */
  readonly keepSeparators?: boolean;
}

interface FoldedChar {
  /** Letters and digits only. */
  readonly word: string;
  /** Letters, digits and separators, in order. */
  readonly all: string;
  /** The character folds to at least one separator. */
  readonly separates: boolean;
}

const INVISIBLE: FoldedChar = { word: '', all: '', separates: false };

// Letters from other scripts that render like ASCII and are used to dodge filters.
const LOOK_ALIKES: Readonly<Record<string, string>> = {
  а: 'a', в: 'b', е: 'e', ё: 'e', к: 'k', м: 'm', н: 'h', о: 'o', р: 'p', с: 'c', т: 't', у: 'y', х: 'x',
  і: 'i', ј: 'j', ѕ: 's', ԁ: 'd', ԛ: 'q', ԝ: 'w',
  α: 'a', β: 'b', ε: 'e', ι: 'i', κ: 'k', ν: 'v', ο: 'o', ρ: 'p', τ: 't', υ: 'u', χ: 'x',
};

// Dingbat digits have no compatibility decomposition, unlike ① or ⑴.
const DINGBAT_DIGIT_RANGES: readonly (readonly [first: number, last: number])[] = [
  [0x2776, 0x277e], // ❶–❾
  [0x2780, 0x2788], // ➀–➈
  [0x278a, 0x2792], // ➊–➒
];

const INVISIBLE_PATTERN = /^[\p{Default_Ignorable_Code_Point}\p{M}\p{Cf}\u2800]$/u;
const CONTROL_PATTERN = /^\p{Cc}$/u;
const SEPARATOR_PATTERN = /^[\s\p{P}\p{S}\p{Z}\p{Cs}\p{Co}\p{Cn}]$/u;
const MARKS = /\p{M}/gu;

const CJK_UNIFIED_FIRST = 0x4e00;
const CJK_UNIFIED_LAST = 0x9fff;
const CACHE_LIMIT = 8192;

const asciiTable: readonly FoldedChar[] = Array.from({ length: 128 }, (_, code) => foldCodePoint(code));
// Unified ideographs fold to themselves; one shared object each keeps the hot loop allocation-free.
const cjkTable: (FoldedChar | undefined)[] = new Array(CJK_UNIFIED_LAST - CJK_UNIFIED_FIRST + 1);
const cache = new Map<number, FoldedChar>();

function dingbatDigit(codePoint: number): string | undefined {
  for (const [first, last] of DINGBAT_DIGIT_RANGES) {
    if (codePoint >= first && codePoint <= last) return String(codePoint - first + 1);
  }
  return undefined;
}

function foldCodePoint(codePoint: number): FoldedChar {
  const original = String.fromCodePoint(codePoint);
  if (INVISIBLE_PATTERN.test(original) || (CONTROL_PATTERN.test(original) && !/\s/.test(original))) {
    return INVISIBLE;
  }
  // NFKC afterwards recomposes what NFKD split apart but is not a mark (Hangul syllables).
  // The ideographic full stop becomes '.' so "域名。com" still reads as a domain.
  const folded =
    dingbatDigit(codePoint) ??
    original.normalize('NFKD').toLowerCase().replace(MARKS, '').normalize('NFKC').replace('。', '.');
  let word = '';
  let all = '';
  let separates = false;
  for (const char of folded) {
    const mapped = LOOK_ALIKES[char] ?? char;
    if (INVISIBLE_PATTERN.test(mapped)) continue;
    all += mapped;
    if (SEPARATOR_PATTERN.test(mapped)) separates = true;
    else word += mapped;
  }
  return all === '' ? INVISIBLE : { word, all, separates };
}

function fold(codePoint: number): FoldedChar {
  if (codePoint < 128) return asciiTable[codePoint]!;
  if (codePoint >= CJK_UNIFIED_FIRST && codePoint <= CJK_UNIFIED_LAST) {
    const slot = codePoint - CJK_UNIFIED_FIRST;
    let folded = cjkTable[slot];
    if (folded === undefined) {
      const char = String.fromCharCode(codePoint);
      folded = { word: char, all: char, separates: false };
      cjkTable[slot] = folded;
    }
    return folded;
  }
  let folded = cache.get(codePoint);
  if (folded === undefined) {
    folded = foldCodePoint(codePoint);
    // Bounded so a stream of exotic characters cannot grow the Lambda's heap without limit.
    if (cache.size < CACHE_LIMIT) cache.set(codePoint, folded);
  }
  return folded;
}

export function normalise(original: string, options: NormaliseOptions = {}): NormalisedText {
  const keepSeparators = options.keepSeparators === true;
  const originStart: number[] = [];
  const originEnd: number[] = [];
  const separatedBefore: boolean[] = [];
  let text = '';
  let pendingSeparator = false;

  for (let index = 0; index < original.length; ) {
    const codePoint = original.codePointAt(index)!;
    const end = index + (codePoint > 0xffff ? 2 : 1);
    const folded = fold(codePoint);
    const emitted = keepSeparators ? folded.all : folded.word;
    for (let unit = 0; unit < emitted.length; unit++) {
      originStart.push(index);
      originEnd.push(end);
      separatedBefore.push(pendingSeparator);
      pendingSeparator = false;
    }
    // Set after emitting: "⒈" folds to a word part then a separator ("1.").
    if (folded.separates && !keepSeparators) pendingSeparator = true;
    text += emitted;
    index = end;
  }

  return { text, originStart, originEnd, separatedBefore };
}

/** A blocked term in the form it is matched in: folded, separators dropped. */
export function normaliseTerm(term: string): string {
  return normalise(term).text;
}

/** The original [start, end) range behind the folded range [start, end). */
export function originalRange(normalised: NormalisedText, start: number, end: number): { start: number; end: number } {
  return { start: normalised.originStart[start]!, end: normalised.originEnd[end - 1]! };
}
