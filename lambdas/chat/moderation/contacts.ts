import { normalise, originalRange, type NormalisedText } from './normalise';

/**
 * Finds contact details that would take a sale off the platform: mainland
 * mobile numbers, WeChat/QQ handles and links. Matching runs on the folded
 * text with separators kept (full-width, case, look-alike letters and digits
 * and invisible characters already dealt with; every separator outside ASCII,
 * emoji included, is a space there); ranges are reported in the original
 * message.
 *
 * Produce talk is full of numbers ("3.5元一斤", "5斤/10斤", "12,800 元", "13:00-18:00"),
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

// Digits written as words: Chinese numerals (financial forms included) and the spoken forms used to
// read numbers out: 幺 and its homophones for 1, 两 for 2, 洞 for 0, 拐 for 7, 勾 for 9. (〇 and other
// scripts' digits are ASCII digits by now.)
const SPELLED_DIGITS: ReadonlyMap<number, string> = new Map(
  Object.entries({
    零: '0', 洞: '0',
    一: '1', 壹: '1', 幺: '1', 么: '1', 腰: '1', 妖: '1', 吆: '1',
    二: '2', 贰: '2', 貳: '2', 两: '2', 兩: '2',
    三: '3', 叁: '3', 參: '3',
    四: '4', 肆: '4',
    五: '5', 伍: '5',
    六: '6', 陆: '6', 陸: '6',
    七: '7', 柒: '7', 拐: '7',
    八: '8', 捌: '8',
    九: '9', 玖: '9', 勾: '9',
  }).map(([char, digit]) => [char.charCodeAt(0), digit]),
);

/**
 * Between digit groups people put any white space, punctuation, symbol or emoji, and Latin letters
 * ("138a1234b5678"), up to MAX_GAP_CHARS characters of the original message. A colon breaks a number,
 * so that times ("13:00-18:00, 9:30") never join into one, and so does any other letter ("5斤/10斤").
 */
const MAX_GAP_CHARS = 3;
const PHONE_DIGITS = /^(?:1[3-9]\d{9}|861[3-9]\d{9}|00861[3-9]\d{9})$/;
const COUNTRY_CODE = /^(?:86|0086)$/;

interface DigitGroup {
  digits: string;
  start: number;
  end: number;
  /** The folded characters between this group and the previous one ('' where written digits meet spelled ones). */
  gapBefore: string;
}

type CharClass = 'digit' | 'gap' | 'break';

// In ASCII, white space, punctuation, symbols and letters are gaps (the folded text has no controls or capitals).
function asciiClass(code: number): CharClass {
  if (code >= 0x30 && code <= 0x39) return 'digit';
  return code === 0x3a ? 'break' : 'gap';
}

const ASCII_CLASSES: readonly CharClass[] = Array.from({ length: 128 }, (_, code) => asciiClass(code));

// Outside ASCII the folded text holds only letters and numbers: separators are spaces there.
function charClass(code: number): CharClass {
  if (code < 128) return ASCII_CLASSES[code]!;
  return SPELLED_DIGITS.has(code) ? 'digit' : 'break';
}

/** Runs of digit groups joined by short gaps. */
function digitRuns(folded: NormalisedText): DigitGroup[][] {
  const { text, originStart } = folded;
  const runs: DigitGroup[][] = [];
  let run: DigitGroup[] = [];
  let current: DigitGroup | undefined;
  let currentSpelled = false;
  let gap = '';
  let gapChars = 0;
  let gapOrigin = -1;
  const endRun = () => {
    if (run.length > 0) runs.push(run);
    run = [];
    current = undefined;
  };
  for (let index = 0; index < text.length; ) {
    const code = text.charCodeAt(index);
    const next = index + (code >= 0xd800 && code <= 0xdbff ? 2 : 1);
    const kind = charClass(code);
    if (kind === 'digit') {
      const spelled = code >= 128;
      if (current === undefined || gap !== '' || spelled !== currentSpelled) {
        current = { digits: '', start: index, end: index, gapBefore: gap };
        run.push(current);
        gap = '';
        gapChars = 0;
      }
      current.digits += spelled ? SPELLED_DIGITS.get(code)! : text[index]!;
      current.end = next;
      currentSpelled = spelled;
    } else if (current !== undefined) {
      // Count characters of the original message: "……" folds to six dots but is two characters.
      const origin = originStart[index]!;
      if (origin !== gapOrigin) gapChars++;
      gapOrigin = origin;
      if (kind === 'gap' && gapChars <= MAX_GAP_CHARS) {
        gap += text[index]!;
      } else {
        endRun();
        gap = '';
        gapChars = 0;
      }
    }
    index = next;
  }
  endRun();
  return runs;
}

/**
 * "13.8 15.8 16.8 17" and "12.5、13.5、15" are price lists, not "13815816817": numbers with one short
 * decimal part, joined by something else. "138.1234.5678" and "1.3.8 1234 5678" are not decimals.
 */
function looksLikeDecimals(groups: readonly DigitGroup[]): boolean {
  const first = COUNTRY_CODE.test(groups[0]!.digits) ? 2 : 1;
  let decimals = 0;
  let otherGaps = 0;
  for (let index = first; index < groups.length; index++) {
    const { gapBefore, digits } = groups[index]!;
    if (gapBefore === '.') {
      if (digits.length > 2 || groups[index + 1]?.gapBefore === '.') return false;
      decimals++;
    } else if (gapBefore !== '') {
      otherGaps++;
    }
  }
  return decimals > 0 && otherGaps > 0;
}

/**
 * "1、3、5、7、9、11、13、15号" lists link numbers: small numbers counting up, each set apart, are a list,
 * not "13579111315". Written digits meeting spelled ones ("1三8一二34") are not set apart.
 */
function looksLikeList(groups: readonly DigitGroup[]): boolean {
  if (groups.length < 3) return false;
  let previous = -1;
  for (const [index, { digits, gapBefore }] of groups.entries()) {
    const value = Number(digits);
    if (digits.length > 2 || value <= previous || (index > 0 && gapBefore === '')) return false;
    previous = value;
  }
  return true;
}

const POSSIBLE_LEADS = new Set(['1', '8', '0']);
const PHONE_LENGTHS = new Set([11, 13, 15]);

function findPhones(folded: NormalisedText): FoldedSpan[] {
  const { text } = folded;
  const spans: FoldedSpan[] = [];
  for (const run of digitRuns(folded)) {
    for (let first = 0; first < run.length; first++) {
      if (!POSSIBLE_LEADS.has(run[first]!.digits[0]!)) continue;
      let digits = '';
      for (let last = first; last < run.length; last++) {
        digits += run[last]!.digits;
        if (digits.length > 15) break;
        if (!PHONE_LENGTHS.has(digits.length) || !PHONE_DIGITS.test(digits)) continue;
        const groups = run.slice(first, last + 1);
        if (looksLikeDecimals(groups) || looksLikeList(groups)) break;
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

/** Any white space, punctuation, symbol or emoji: "微信➡️abc123", "VX👉abc123", "微信、abc123", "v.x". */
const GAP = '[\\s!-/:-@\\[-`{-~]';
const KEYWORD_GAP = `${GAP}{0,2}`;
const INTRO_GAP = `(?:${GAP}|[是为]){0,12}`;
const WECHAT_KEYWORDS = ['vx', 'wx', 'wechat', 'weixin', 'v信', '微信', '薇信', '威信', '徽信', '加微', '加v'];
const QQ_KEYWORDS = ['qq', '扣扣', '抠抠', '企鹅'];

function keywordPattern(keyword: string): string {
  const spaced = [...keyword].join(KEYWORD_GAP);
  return /^[a-z]/.test(keyword) ? `(?<![a-z0-9])${spaced}` : spaced;
}

const HANDLE = new RegExp(
  `(${[...WECHAT_KEYWORDS, ...QQ_KEYWORDS].map(keywordPattern).join('|')})` +
    `(?:${KEYWORD_GAP}(号码|账号|号|群号|群|id))?` +
    `(${INTRO_GAP})` +
    '([a-z0-9][a-z0-9_\\-]{4,19})(?![a-z0-9_\\-])',
  'g',
);
const QQ_KEYWORD = new RegExp(`^(?:${QQ_KEYWORDS.map(keywordPattern).join('|')})$`);
const QQ_NUMBER = /^[1-9]\d{4,10}$/;
const EXPLICIT_INTRO = /[:=是为]/;
// "微信，12800元" is a payment, not an account: a number followed by a currency or measure word.
const QUANTITY_AFTER = /^\s*[元块角毛斤克吨箱件个只盒包袋瓶份单笔]/;

function findHandles(text: string): FoldedSpan[] {
  const spans: FoldedSpan[] = [];
  for (const match of text.matchAll(HANDLE)) {
    const [whole, keyword = '', label, intro = '', id = ''] = match;
    const end = match.index + whole.length;
    if (/^\d+$/.test(id) && QUANTITY_AFTER.test(text.slice(end, end + 4))) continue;
    const accepted = QQ_KEYWORD.test(keyword)
      ? QQ_NUMBER.test(id)
      : /[\d_]/.test(id) || label !== undefined || EXPLICIT_INTRO.test(intro);
    if (accepted) spans.push({ kind: 'handle', start: match.index, end });
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
  const spans = [...findPhones(folded), ...findHandles(text), ...findUrls(text)];
  return mergeOverlapping(spans.map((span) => toOriginal(folded, span)));
}
