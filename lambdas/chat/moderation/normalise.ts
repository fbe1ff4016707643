import { lookAlike } from './look-alikes';

/**
 * Folds chat text into the form that blocked terms and contact patterns are
 * matched against, remembering where every folded unit came from so a match
 * can be masked in the original message.
 *
 * Folding, per code point: compatibility decomposition (full-width → ASCII,
 * ① → 1, ㎏ → kg), lower case, diacritics and other combining marks dropped,
 * invisible characters dropped; letters and digits that look like ASCII ones
 * (UTS #39 confusables, small capitals, other scripts' digits: see
 * look-alikes.ts) become those.
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
  /**
   * Keep separators instead of dropping them, folded to ASCII: ASCII punctuation as it is (contact
   * patterns need the dots, colons and @), every other separator (、 ➡ 👉 →) as a space. Contact
   * patterns then need only ASCII character classes, which compile in microseconds where a class of
   * all Unicode punctuation and symbols costs milliseconds per occurrence on a cold start.
   */
  readonly keepSeparators?: boolean;
}

interface FoldedChar {
  /** Letters and digits only. */
  readonly word: string;
  /** Letters, digits and separators (outside ASCII as spaces), in order. */
  readonly all: string;
  /** The character folds to at least one separator. */
  readonly separates: boolean;
  /** A mark (accent, variation selector, keycap): dropped, but part of the character before it. */
  readonly attaches: boolean;
}

const INVISIBLE: FoldedChar = { word: '', all: '', separates: false, attaches: false };
const MARK: FoldedChar = { ...INVISIBLE, attaches: true };

const INVISIBLE_PATTERN = /^[\p{Default_Ignorable_Code_Point}\p{M}\p{Cf}\u2800]$/u;
const CONTROL_PATTERN = /^\p{Cc}$/u;
// What separates words: white space, punctuation, symbols (emoji included), and what has no meaning.
const SEPARATOR_PATTERN = /^[\s\p{P}\p{S}\p{Z}\p{Cs}\p{Co}\p{Cn}]$/u;
const MARKS = /\p{M}/gu;
const MARK_PATTERN = /^\p{M}$/u;

const CJK_UNIFIED_FIRST = 0x4e00;
const CJK_UNIFIED_LAST = 0x9fff;
const CACHE_LIMIT = 8192;

const asciiTable: readonly FoldedChar[] = Array.from({ length: 128 }, (_, code) => foldCodePoint(code));
// Unified ideographs fold to themselves; one shared object each keeps the hot loop allocation-free.
const cjkTable: (FoldedChar | undefined)[] = new Array(CJK_UNIFIED_LAST - CJK_UNIFIED_FIRST + 1);
const cache = new Map<number, FoldedChar>();

/** Characters that fold to nothing: invisible ones, marks, and controls other than white space. */
export function isDroppedCharacter(char: string): boolean {
  return INVISIBLE_PATTERN.test(char) || (CONTROL_PATTERN.test(char) && !/\s/.test(char));
}

/** Compatibility decomposition, lower case, marks dropped (NFKC afterwards recomposes Hangul syllables). */
export function compatibilityFold(text: string): string {
  return text.normalize('NFKD').toLowerCase().replace(MARKS, '').normalize('NFKC');
}

function foldCodePoint(codePoint: number): FoldedChar {
  const original = String.fromCodePoint(codePoint);
  if (isDroppedCharacter(original)) return MARK_PATTERN.test(original) ? MARK : INVISIBLE;
  // The ideographic full stop becomes '.' so "域名。com" still reads as a domain.
  const alike = codePoint < 128 ? undefined : lookAlike(codePoint);
  const folded = alike ?? compatibilityFold(original).replace('。', '.');
  let word = '';
  let all = '';
  let separates = false;
  for (const char of folded) {
    if (INVISIBLE_PATTERN.test(char)) continue;
    if (SEPARATOR_PATTERN.test(char)) {
      separates = true;
      all += char.charCodeAt(0) < 128 ? char : ' ';
    } else {
      word += char;
      all += char;
    }
  }
  return all === '' ? INVISIBLE : { word, all, separates, attaches: false };
}

function fold(codePoint: number): FoldedChar {
  if (codePoint < 128) return asciiTable[codePoint]!;
  if (codePoint >= CJK_UNIFIED_FIRST && codePoint <= CJK_UNIFIED_LAST) {
    const slot = codePoint - CJK_UNIFIED_FIRST;
    let folded = cjkTable[slot];
    if (folded === undefined) {
      const char = String.fromCharCode(codePoint);
      folded = { word: char, all: char, separates: false, attaches: false };
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
  // First folded unit of the last original character that emitted any, while only marks have followed it.
  let markBase = -1;

  for (let index = 0; index < original.length; ) {
    const codePoint = original.codePointAt(index)!;
    const end = index + (codePoint > 0xffff ? 2 : 1);
    const folded = fold(codePoint);
    const emitted = keepSeparators ? folded.all : folded.word;
    if (emitted !== '') markBase = text.length;
    else if (folded.attaches && markBase >= 0) {
      // Masking "8️⃣" or "é" must cover the marks too, not leave them dangling.
      for (let unit = markBase; unit < text.length; unit++) originEnd[unit] = end;
    } else markBase = -1;
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
