/**
 * Money at the payment providers' edge, in one place: integer fen everywhere in village-live, yuan
 * strings (`"12.34"`) in Alipay's API. Pure string/integer arithmetic, never floats, so no amount is
 * ever off by a rounding error.
 */

/** The largest amount a provider conversion accepts: beyond it a fen count is no longer an exact integer. */
const MAX_FEN = Number.MAX_SAFE_INTEGER;

export class InvalidAmountError extends Error {
  override readonly name = 'InvalidAmountError';
}

/** 1 → "0.01", 1234 → "12.34", 990000000 → "9900000.00". Fen must be a non-negative safe integer. */
export function fenToYuan(fen: number): string {
  if (!Number.isSafeInteger(fen) || fen < 0) throw new InvalidAmountError(`Not a fen amount: ${String(fen)}`);
  const digits = String(fen).padStart(3, '0');
  return `${digits.slice(0, -2)}.${digits.slice(-2)}`;
}

/** Plain decimal yuan as Alipay writes it: digits, then at most two decimals ("12", "12.3", "12.34"). */
const YUAN = /^(0|[1-9]\d*)(?:\.(\d{1,2}))?$/;

/** "12.34" → 1234; "12.3" → 1230; "12" → 1200. Anything else (signs, exponents, 3 decimals, spaces) is refused. */
export function yuanToFen(yuan: string): number {
  const match = YUAN.exec(yuan);
  if (!match) throw new InvalidAmountError(`Not a yuan amount: ${JSON.stringify(yuan)}`);
  const [, whole = '0', decimals = ''] = match;
  const fen = BigInt(whole) * 100n + BigInt(decimals.padEnd(2, '0'));
  if (fen > BigInt(MAX_FEN)) throw new InvalidAmountError(`Yuan amount too large: ${yuan}`);
  return Number(fen);
}
