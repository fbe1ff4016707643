import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fenToYuan, InvalidAmountError, yuanToFen } from '../../../lambdas/payments/money';

describe('fen ↔ Alipay yuan strings', () => {
  it('converts the edges exactly', () => {
    expect(fenToYuan(1)).toBe('0.01');
    expect(fenToYuan(0)).toBe('0.00');
    expect(fenToYuan(10)).toBe('0.10');
    expect(fenToYuan(1234)).toBe('12.34');
    // The largest order: 99 units at the largest price (10,000,000 fen).
    expect(fenToYuan(10_000_000 * 99)).toBe('9900000.00');
    expect(yuanToFen('9900000.00')).toBe(990_000_000);
    expect(yuanToFen('0.01')).toBe(1);
  });

  it('accepts the short forms Alipay may send', () => {
    expect(yuanToFen('12.3')).toBe(1230);
    expect(yuanToFen('12')).toBe(1200);
    expect(yuanToFen('0')).toBe(0);
  });

  it.each(['-1.00', '+1.00', '1.234', 'NaN', '', ' 1.00', '1.00 ', '1e3', '01.00', '1.', '.5', '1,00', 'Infinity', '0x10', '１.00'])('refuses %j', (text) => {
    expect(() => yuanToFen(text)).toThrow(InvalidAmountError);
  });

  it.each([-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, Number.MAX_SAFE_INTEGER + 1])('refuses fen %s', (fen) => {
    expect(() => fenToYuan(fen)).toThrow(InvalidAmountError);
  });

  it('round-trips every safe fen amount', () => {
    fc.assert(fc.property(fc.maxSafeNat(), (fen) => yuanToFen(fenToYuan(fen)) === fen));
  });

  it('round-trips every canonical yuan string', () => {
    const yuan = fc.tuple(fc.nat({ max: 1e12 }), fc.integer({ min: 0, max: 99 })).map(([whole, cents]) => `${whole}.${String(cents).padStart(2, '0')}`);
    fc.assert(fc.property(yuan, (text) => fenToYuan(yuanToFen(text)) === text));
  });
});
