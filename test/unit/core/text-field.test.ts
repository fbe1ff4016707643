import { describe, expect, it } from 'vitest';
import { text } from '../../../lambdas/core/http/schemas';

const name = text({ min: 1, max: 10 });
const optionalNote = text({ max: 10 });

describe('text(): the schema of every field people type', () => {
  it('trims, then bounds the trimmed length', () => {
    expect(name.parse('  张大爷 ')).toBe('张大爷');
    expect(name.safeParse('   ').success).toBe(false);
    expect(name.safeParse(`  ${'x'.repeat(10)}  `).success).toBe(true);
    expect(name.safeParse('x'.repeat(11)).success).toBe(false);
    expect(optionalNote.parse('')).toBe('');
  });

  it('keeps ordinary text of every script, emoji presentation and spaces inside', () => {
    for (const value of ['曹县 芦笋', 'Zoë Ünal', 'نعم', '🍉 西瓜', '5斤/10斤', '12,800 元']) {
      expect(name.safeParse(value).success, value).toBe(true);
    }
  });

  // One of each class that tricks readers or breaks storage: bidi embedding, override and isolate
  // controls, zero-width space/joiners, word joiner, soft hyphen, BOM inside, C0/C1 controls, a lone surrogate.
  const refused = {
    'RIGHT-TO-LEFT OVERRIDE': 'ab\u202Ecd',
    'LEFT-TO-RIGHT EMBEDDING': 'ab\u202Acd',
    'FIRST STRONG ISOLATE': 'ab\u2068cd',
    'ARABIC LETTER MARK': 'ab\u061Ccd',
    'ZERO WIDTH SPACE': 'ab\u200Bcd',
    'ZERO WIDTH JOINER': 'ab\u200Dcd',
    'WORD JOINER': 'ab\u2060cd',
    'SOFT HYPHEN': 'ab\u00ADcd',
    'BOM inside': 'ab\uFEFFcd',
    NUL: 'ab\u0000cd',
    'LINE FEED inside': 'ab\ncd',
    TAB: 'ab\tcd',
    ESC: 'ab\u001Bcd',
    'C1 control (NEL)': 'ab\u0085cd',
    DEL: 'ab\u007Fcd',
    'lone surrogate': 'ab\uD800cd',
  };

  it.each(Object.entries(refused))('refuses %s anywhere in the value', (_, value) => {
    const result = name.safeParse(value);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(/Cc\/Cf/);
    expect(optionalNote.safeParse(value).success).toBe(false);
  });

  it('whitespace controls at either end are trimmed away, not refused', () => {
    expect(name.parse('\n\t张三\r\n')).toBe('张三');
  });
});
