import { normalise, originalRange, type NormalisedText } from './normalise';

/**
 * Finds contact details that would take a sale off the platform: mainland
 * mobile numbers, WeChat/QQ handles and links. Matching runs on the folded
 * text with separators kept (full-width, case and invisible characters already
 * dealt with); ranges are reported in the original message.
 *
 * Produce talk is full of numbers ("3.5元一斤", "5斤装", "11月28日", "13:00-18:00"),
 * so a number only counts as a phone when whole digit groups add up to exactly
 * 11 digits starting 13–19 (13 or 15 with the 86 / 0086 prefix).
 */

export type ContactKind = 'phone' | 'handle' | 'url';

export interface ContactSpan {
  readonly kind: ContactKind;
  /** Range in the original message. */
  readonly start: number;
  readonly end: number;
}

interface FoldedSpan {
  readonly kind: ContactKind;
  readonly start: number;
  readonly end: number;
}

// ---- phone numbers ----

const CHINESE_DIGITS: ReadonlyMap<number, string> = new Map(
  Object.entries({
    〇: '0', 零: '0', 一: '1', 幺: '1', 壹: '1', 二: '2', 贰: '2', 貳: '2', 三: '3', 叁: '3', 參: '3',
    四: '4', 肆: '4', 五: '5', 伍: '5', 六: '6', 陆: '6', 陸: '6', 七: '7', 柒: '7', 八: '8', 捌: '8', 九: '9', 玖: '9',
  }).map(([char, digit]) => [char.charCodeAt(0), digit]),
);

// Characters people put between digit groups; ':' ',' '/' are left out so times, lists and dates break a number.
const ASCII_PHONE_GAPS = new Set([...' \t\n\r-._*~()+=|#\'"'].map((char) => char.charCodeAt(0)));
const PHONE_GAP = /^[\s·—–―\p{So}]$/u;
const MAX_GAP_CHARS = 3;
const PHONE_DIGITS = /^(?:1[3-9]\d{9}|861[3-9]\d{9}|00861[3-9]\d{9})$/;
const COUNTRY_CODE = /^(?:86|0086)$/;

interface DigitGroup {
  digits: string;
  start: number;
  end: number;
  /** The characters between this group and the previous one. */
  gapBefore: string;
}

function isPhoneGap(char: string): boolean {
  const code = char.charCodeAt(0);
  return code < 128 ? ASCII_PHONE_GAPS.has(code) : PHONE_GAP.test(char);
}

/** Runs of digit groups joined by short gaps. */
function digitRuns(text: string): DigitGroup[][] {
  const runs: DigitGroup[][] = [];
  let run: DigitGroup[] = [];
  let current: DigitGroup | undefined;
  let gap = '';
  let gapChars = 0;
  for (let index = 0; index < text.length; ) {
    const code = text.charCodeAt(index);
    const next = index + (code >= 0xd800 && code <= 0xdbff ? 2 : 1);
    const digit = code >= 0x30 && code <= 0x39 ? text[index] : CHINESE_DIGITS.get(code);
    if (digit !== undefined) {
      if (current === undefined || gapChars > 0) {
        current = { digits: '', start: index, end: index, gapBefore: gap };
        run.push(current);
        gap = '';
        gapChars = 0;
      }
      current.digits += digit;
      current.end = next;
    } else if (run.length > 0) {
      const char = text.slice(index, next);
      if (gapChars < MAX_GAP_CHARS && isPhoneGap(char)) {
        gap += char;
        gapChars++;
      } else {
        runs.push(run);
        run = [];
        current = undefined;
        gap = '';
        gapChars = 0;
      }
    }
    index = next;
  }
  if (run.length > 0) runs.push(run);
  return runs;
}

function gapKind(gap: string): 'space' | 'dot' | 'other' {
  if (gap === '.') return 'dot';
  return /^\s+$/.test(gap) ? 'space' : 'other';
}

// "13.8 15.8 16.8 17" is a price list, not "13815816817": decimals joined by spaces.
function looksLikeDecimals(groups: readonly DigitGroup[]): boolean {
  const first = COUNTRY_CODE.test(groups[0]!.digits) ? 2 : 1;
  const kinds = new Set(groups.slice(first).map((group) => gapKind(group.gapBefore)));
  return kinds.has('space') && kinds.has('dot');
}

const POSSIBLE_LEADS = new Set(['1', '8', '0']);
const PHONE_LENGTHS = new Set([11, 13, 15]);

function findPhones(text: string): FoldedSpan[] {
  const spans: FoldedSpan[] = [];
  for (const run of digitRuns(text)) {
    for (let first = 0; first < run.length; first++) {
      if (!POSSIBLE_LEADS.has(run[first]!.digits[0]!)) continue;
      let digits = '';
      for (let last = first; last < run.length; last++) {
        digits += run[last]!.digits;
        if (digits.length > 15) break;
        if (!PHONE_LENGTHS.has(digits.length) || !PHONE_DIGITS.test(digits)) continue;
        if (looksLikeDecimals(run.slice(first, last + 1))) break;
        const start = run[first]!.start;
        spans.push({ kind: 'phone', start: text[start - 1] === '+' ? start - 1 : start, end: run[last]!.end });
        first = last;
        break;
      }
    }
  }
  return spans;
}

// ---- WeChat / QQ handles ----

const KEYWORD_GAP = '[\\s._\\-*·]{0,2}';
const WECHAT_KEYWORDS = ['vx', 'wx', 'wechat', 'weixin', 'v信', '微信', '薇信', '威信', '徽信', '加微', '加v'];
const QQ_KEYWORDS = ['qq', '扣扣', '抠抠', '企鹅'];

function keywordPattern(keyword: string): string {
  const spaced = [...keyword].join(KEYWORD_GAP);
  return /^[a-z]/.test(keyword) ? `(?<![a-z0-9])${spaced}` : spaced;
}

const HANDLE = new RegExp(
  `(${[...WECHAT_KEYWORDS, ...QQ_KEYWORDS].map(keywordPattern).join('|')})` +
    '(号码|账号|号|群号|群|id)?' +
    '([\\s:=~\\-是为]{0,4})' +
    '([a-z0-9][a-z0-9_\\-]{4,19})(?![a-z0-9_\\-])',
  'g',
);
const QQ_KEYWORD = new RegExp(`^(?:${QQ_KEYWORDS.map(keywordPattern).join('|')})$`);
const QQ_NUMBER = /^[1-9]\d{4,10}$/;
const EXPLICIT_INTRO = /[:=是为]/;

function findHandles(text: string): FoldedSpan[] {
  const spans: FoldedSpan[] = [];
  for (const match of text.matchAll(HANDLE)) {
    const [whole, keyword = '', label, intro = '', id = ''] = match;
    const accepted = QQ_KEYWORD.test(keyword)
      ? QQ_NUMBER.test(id)
      : /[\d_]/.test(id) || label !== undefined || EXPLICIT_INTRO.test(intro);
    if (accepted) spans.push({ kind: 'handle', start: match.index, end: match.index + whole.length });
  }
  return spans;
}

// ---- links ----

const URL_CHARS = "[a-z0-9\\-._~:/?#@!$&'()*+,;=%\\[\\]]";
// TLDs that are also English words ("apples.top quality") need more evidence than a bare label.
const STRONG_TLDS = new Set(['com', 'cn', 'net', 'org', 'xyz', 'cc', 'io', 'icu', 'biz', 'hk', 'tw', 'asia', 'tk']);
const WEAK_TLDS = new Set([
  'top', 'vip', 'info', 'shop', 'club', 'site', 'online', 'store', 'link', 'app', 'fun', 'live', 'life', 'pro',
  'work', 'ltd', 'tech', 'co', 'me', 'tv', 'wang', 'ink', 'group',
]);

const SCHEME_URL = new RegExp(`(?:https?|ftp)://${URL_CHARS}+`, 'g');
const WWW_URL = new RegExp(`(?<![a-z0-9])www\\.${URL_CHARS}+`, 'g');
const DOMAIN = new RegExp(
  `(?<![a-z0-9\\-_.@])((?:[a-z0-9](?:[a-z0-9\\-]{0,61}[a-z0-9])?\\.)+)([a-z]{2,8})(?![a-z0-9\\-])((?:[:/]${URL_CHARS}*)?)`,
  'g',
);
const SPELLED_DOMAIN = /(?<![a-z0-9\-])[a-z0-9\-]{2,63}(?:\s*点\s*|\s+dot\s+|\s*[([]dot[)\]]\s*)(?:com|cn|net|org)(?![a-z0-9])/g;
const EMAIL = /(?<![a-z0-9._%+\-])[a-z0-9._%+\-]{1,64}@[a-z0-9\-]+(?:\.[a-z0-9\-]+)*\.[a-z]{2,}/g;

function isDomain(labels: string, tld: string, path: string): boolean {
  if (STRONG_TLDS.has(tld)) return true;
  if (!WEAK_TLDS.has(tld)) return false;
  return path !== '' || /\d/.test(labels) || labels.split('.').length > 2;
}

function findUrls(text: string): FoldedSpan[] {
  const spans: FoldedSpan[] = [];
  const add = (start: number, end: number) => spans.push({ kind: 'url', start, end });
  for (const pattern of [SCHEME_URL, WWW_URL, SPELLED_DOMAIN, EMAIL]) {
    for (const match of text.matchAll(pattern)) add(match.index, match.index + match[0].length);
  }
  for (const match of text.matchAll(DOMAIN)) {
    const [whole, labels = '', tld = '', path = ''] = match;
    if (isDomain(labels, tld, path)) add(match.index, match.index + whole.length);
  }
  return spans;
}

// ---- combined ----

function mergeOverlapping(spans: ContactSpan[]): ContactSpan[] {
  spans.sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: ContactSpan[] = [];
  for (const span of spans) {
    const previous = merged[merged.length - 1];
    if (previous !== undefined && span.start < previous.end) {
      if (span.end > previous.end) merged[merged.length - 1] = { ...previous, end: span.end };
    } else {
      merged.push(span);
    }
  }
  return merged;
}

function toOriginal(folded: NormalisedText, span: FoldedSpan): ContactSpan {
  return { kind: span.kind, ...originalRange(folded, span.start, span.end) };
}

/** Contact details in `message`, as non-overlapping original ranges in order. */
export function findContacts(message: string): ContactSpan[] {
  const folded = normalise(message, { keepSeparators: true });
  const { text } = folded;
  if (text === '') return [];
  const spans = [...findPhones(text), ...findHandles(text), ...findUrls(text)];
  return mergeOverlapping(spans.map((span) => toOriginal(folded, span)));
}
