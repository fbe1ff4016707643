import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalise, normaliseTerm, originalRange } from '../../../lambdas/chat/moderation/normalise';

describe('normalise', () => {
  it.each([
    ['ＡＢＣ１２３', 'abc123', 'full-width to half-width'],
    ['WeChat', 'wechat', 'lower case'],
    ['加 微 信', '加微信', 'spaces between characters'],
    ['加.微.信', '加微信', 'dots between characters'],
    ['加　微　信', '加微信', 'ideographic spaces'],
    ['加~微*信!', '加微信', 'punctuation and symbols'],
    ['加🍎微🍎信', '加微信', 'emoji between characters'],
    ['v.x', 'vx', 'dotted Latin'],
    ['V X', 'vx', 'spaced capitals'],
    ['1 3 8-1234-5678', '13812345678', 'grouped digits'],
    ['①③⑧', '138', 'circled digits'],
    ['❶❸❽', '138', 'dingbat digits'],
    ['café', 'cafe', 'precomposed accent'],
    ['cafe\u0301', 'cafe', 'combining accent'],
    ['f̶u̶c̶k̶', 'fuck', 'combining strike-through'],
    ['ѕсаm', 'scam', 'Cyrillic look-alikes'],
    ['10㎏', '10kg', 'compatibility unit sign'],
    ['ᴡᴇᴄʜᴀᴛ', 'wechat', 'small capitals'],
    ['νх', 'vx', 'Greek nu and Cyrillic ha'],
    ['զզ', 'qq', 'Armenian'],
    ['Ꮃechat', 'wechat', 'Cherokee'],
    ['١٣٨', '138', 'Arabic-Indic digits'],
    ['〡〢〣', '123', 'Suzhou numerals'],
    ['⓵⓶⓷', '123', 'double-circled digits'],
  ])('folds %j to %j (%s)', (input, expected) => {
    expect(normalise(input).text).toBe(expected);
  });

  it.each([
    ['\u200B', 'zero-width space'],
    ['\u200C', 'zero-width non-joiner'],
    ['\u200D', 'zero-width joiner'],
    ['\u200E', 'left-to-right mark'],
    ['\u200F', 'right-to-left mark'],
    ['\u2060', 'word joiner'],
    ['\u2061', 'function application'],
    ['\u2062', 'invisible times'],
    ['\u2063', 'invisible separator'],
    ['\u2064', 'invisible plus'],
    ['\uFEFF', 'byte order mark'],
    ['\u00AD', 'soft hyphen'],
    ['\uFE0F', 'variation selector 16'],
    ['\u{E0100}', 'variation selector 17'],
    ['\u034F', 'combining grapheme joiner'],
    ['\u180E', 'Mongolian vowel separator'],
    ['\u3164', 'Hangul filler'],
    ['\u{E0041}', 'tag letter'],
    ['\u2800', 'braille blank'],
  ])('drops %j (%s) without marking a word gap', (invisible) => {
    const result = normalise(`傻${invisible}逼 s${invisible}cam`);
    expect(result.text).toBe('傻逼scam');
    expect(result.separatedBefore).toEqual([false, false, true, false, false, false]);
  });

  it('keeps CJK text unchanged', () => {
    expect(normalise('老板还有货吗').text).toBe('老板还有货吗');
  });

  it('maps every folded unit back to the original character it came from', () => {
    const original = 'Ａ\u200Bb. c';
    const result = normalise(original);
    expect(result.text).toBe('abc');
    expect(result.originStart).toEqual([0, 2, 5]);
    expect(result.originEnd).toEqual([1, 3, 6]);
    expect(result.separatedBefore).toEqual([false, false, true]);
    expect(originalRange(result, 1, 3)).toEqual({ start: 2, end: 6 });
    expect(original.slice(2, 6)).toBe('b. c');
  });

  it('maps one original character that folds to several units onto all of them', () => {
    const result = normalise('5㎏!');
    expect(result.text).toBe('5kg');
    expect(result.originStart).toEqual([0, 1, 1]);
    expect(result.originEnd).toEqual([1, 2, 2]);
  });

  it('maps a folded unit over the marks that sit on its character, so a mask covers them', () => {
    const keycap = normalise('8\uFE0F\u20E3a', { keepSeparators: true });
    expect(keycap.text).toBe('8a');
    expect(keycap.originStart).toEqual([0, 3]);
    expect(keycap.originEnd).toEqual([3, 4]);
    expect(normalise('cafe\u0301s').originEnd).toEqual([1, 2, 3, 5, 6]);
  });

  it('attaches a mark only to the character right before it', () => {
    expect(normalise('a \u0301b').originEnd).toEqual([1, 4]);
    expect(normalise('a\u200B\u0301b').originEnd).toEqual([1, 4]);
  });

  it('maps a look-alike outside the BMP onto both of its UTF-16 units', () => {
    const result = normalise('𝐯ᴡ');
    expect(result.text).toBe('vw');
    expect(result.originStart).toEqual([0, 2]);
    expect(result.originEnd).toEqual([2, 3]);
  });

  it('maps characters outside the BMP to both UTF-16 units of the original', () => {
    const result = normalise('𠀀a');
    expect(result.text).toBe('𠀀a');
    expect(result.originStart).toEqual([0, 0, 2]);
    expect(result.originEnd).toEqual([2, 2, 3]);
  });

  it('keeps folded separators when asked, with a one-to-one mapping for simple text', () => {
    const result = normalise('ＷＷＷ．Ａ\u200B Ｂ', { keepSeparators: true });
    expect(result.text).toBe('www.a b');
    expect(result.originStart).toEqual([0, 1, 2, 3, 4, 6, 7]);
    expect(result.separatedBefore.every((flag) => !flag)).toBe(true);
  });

  it('keeps ASCII punctuation and turns every other separator, emoji included, into one space', () => {
    const result = normalise('微信➡️a、b👉c：d', { keepSeparators: true });
    expect(result.text).toBe('微信 a b c:d');
    expect(result.originStart).toEqual([0, 1, 2, 4, 5, 6, 7, 9, 10, 11]);
    expect(result.originEnd).toEqual([1, 2, 4, 5, 6, 7, 9, 10, 11, 12]);
  });

  it('turns the ideographic full stop into a dot only in the kept-separator form', () => {
    expect(normalise('abc。com', { keepSeparators: true }).text).toBe('abc.com');
    expect(normalise('abc。com').text).toBe('abccom');
  });

  it('returns empty mappings for empty or all-invisible input', () => {
    expect(normalise('')).toEqual({ text: '', originStart: [], originEnd: [], separatedBefore: [] });
    expect(normalise('\u200B\uFEFF ').text).toBe('');
  });

  it('normalises terms exactly like messages', () => {
    expect(normaliseTerm('加 V 信')).toBe('加v信');
    expect(normaliseTerm('!!!')).toBe('');
  });

  it('produces mappings that stay inside the original and never go backwards', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), fc.boolean(), (input, keepSeparators) => {
        const result = normalise(input, { keepSeparators });
        expect(result.originStart).toHaveLength(result.text.length);
        expect(result.originEnd).toHaveLength(result.text.length);
        let previous = 0;
        for (let i = 0; i < result.text.length; i++) {
          const start = result.originStart[i]!;
          const end = result.originEnd[i]!;
          expect(start).toBeGreaterThanOrEqual(previous);
          expect(end).toBeGreaterThan(start);
          expect(end).toBeLessThanOrEqual(input.length);
          previous = start;
        }
      }),
    );
  });

  it('is idempotent on its own output', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (input) => {
        const once = normalise(input).text;
        expect(normalise(once).text).toBe(once);
      }),
    );
  });
});
