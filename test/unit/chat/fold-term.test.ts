import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { foldTerm } from '../../../lambdas/chat/moderation/fold-term';
import { normaliseTerm } from '../../../lambdas/chat/moderation/normalise';

// Letters, digits, CJK, full-width, upper case, marks, invisibles, separators, look-alikes, emoji, surrogates.
const units = fc.constantFrom(
  'a', 'z', 'Q', '7', '瓜', '果', 'Ａ', '７', 'é', 'e\u0301', '\u200B', ' ', '.', '-', 'а', 'ο', 'ß', 'İ', '㎏', '①', '\u{1F34E}', '\u{20000}', '\uD800', 'ﬁ', 'Ⅻ', '\u3000',
);

describe('foldTerm', () => {
  it('is normaliseTerm', () => {
    fc.assert(
      fc.property(fc.string({ unit: units, maxLength: 12 }), (term) => {
        expect(foldTerm(term)).toBe(normaliseTerm(term));
      }),
      { numRuns: 2_000 },
    );
  });

  it('rests on normalise folding each code point on its own (no context), which this holds it to', () => {
    fc.assert(
      fc.property(fc.string({ unit: units, maxLength: 6 }), fc.string({ unit: units, maxLength: 6 }), (left, right) => {
        const joinsWithinAPair = /[\uD800-\uDBFF]$/.test(left) && /^[\uDC00-\uDFFF]/.test(right);
        if (!joinsWithinAPair) expect(normaliseTerm(left + right)).toBe(normaliseTerm(left) + normaliseTerm(right));
      }),
      { numRuns: 2_000 },
    );
  });

  it('returns a term of self-folding characters as it is', () => {
    const term = '榴莲durian2024';
    expect(foldTerm(term)).toBe(term);
    expect(foldTerm('Durian')).toBe('durian');
  });
});

describe('foldTerm over whole blocks', () => {
  it('is normaliseTerm for every BMP character on its own', () => {
    for (let unit = 0; unit < 0x10000; unit++) {
      const char = String.fromCharCode(unit);
      if (foldTerm(char) !== normaliseTerm(char)) expect.fail(`U+${unit.toString(16)}: ${JSON.stringify(foldTerm(char))} ≠ ${JSON.stringify(normaliseTerm(char))}`);
    }
  });
});
