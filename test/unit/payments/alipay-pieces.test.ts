import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { InvalidAlipaySecretError, parseAlipaySecret } from '../../../lambdas/payments/alipay/credentials';
import { isRetryableAnswer } from '../../../lambdas/payments/alipay/gateway-errors';
import { fromAlipayTime, toAlipayTime } from '../../../lambdas/payments/alipay/shanghai-time';
import { TradeBook, TradeClosedError } from '../../../local/alipay-standin/trade-book';

describe('Alipay times (Asia/Shanghai wall clock)', () => {
  it('converts both ways across the UTC day boundary', () => {
    expect(toAlipayTime('2026-03-01T16:30:05Z')).toBe('2026-03-02 00:30:05');
    expect(fromAlipayTime('2026-03-02 00:30:05')).toBe('2026-03-01T16:30:05.000Z');
  });
  it.each(['2026-02-30 10:00:00', '2026-03-01T10:00:00', '2026-03-01 10:00', '', '2026-13-01 00:00:00'])('refuses %j', (text) => {
    expect(fromAlipayTime(text)).toBeUndefined();
  });
});

describe('the Alipay secret', () => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const bare = (pem: string) => pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
  const pkcs1 = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  const pkcs8 = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const spki = publicKey.export({ type: 'spki', format: 'pem' }).toString();

  it('takes PEM or the bare base64 of Alipay’s key tool (PKCS#1 or PKCS#8), and normalises to PKCS#8 / SPKI PEM', () => {
    for (const appPrivateKey of [pkcs1, pkcs8, bare(pkcs1), bare(pkcs8)]) {
      const credentials = parseAlipaySecret({ appId: '2021000000000001', appPrivateKey, alipayPublicKey: bare(spki) });
      expect(credentials.appPrivateKey).toBe(pkcs8);
      expect(credentials.alipayPublicKey).toBe(spki);
    }
  });

  it('refuses placeholders and broken keys, naming the field and never its value', () => {
    const attempts = [
      { appId: 'SET-BY-OPS', appPrivateKey: pkcs8, alipayPublicKey: spki },
      { appId: '2021000000000001', appPrivateKey: 'SECRETSECRET', alipayPublicKey: spki },
      { appId: '2021000000000001', appPrivateKey: pkcs8, alipayPublicKey: pkcs8.slice(0, 300) },
    ];
    for (const attempt of attempts) {
      let error: unknown;
      try {
        parseAlipaySecret(attempt);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(InvalidAlipaySecretError);
      const message = (error as Error).message;
      expect(message).not.toContain('SECRETSECRET');
      expect(message).not.toContain('SET-BY-OPS');
      expect(message).not.toContain(bare(pkcs8).slice(0, 40));
    }
  });
});

describe('which Alipay answers are worth retrying', () => {
  it.each([
    ['20000', undefined, true],
    ['40004', 'ACQ.SYSTEM_ERROR', true],
    ['20000', 'aop.ACQ.SYSTEM_ERROR', true],
    ['40004', 'ACQ.TRADE_NOT_EXIST', false],
    ['40002', 'isv.invalid-signature', false],
  ] as const)('%s %s → %s', (code, subCode, retryable) => {
    expect(isRetryableAnswer(code, subCode)).toBe(retryable);
  });
});

describe("the stand-in's trade rules", () => {
  const open = (book: TradeBook, outTradeNo: string, totalFen = 1_000) => book.open({ outTradeNo, totalFen, subject: 's', productCode: 'QUICK_WAP_WAY', notifyUrl: undefined }, Date.parse('2026-03-01T00:00:00Z'));

  it('reopening the pay page is the same trade; another amount is refused', () => {
    const book = new TradeBook();
    const first = open(book, 'p1');
    expect(open(book, 'p1')).toBe(first);
    expect(open(book, 'p1', 999)).toMatchObject({ sub_code: 'ACQ.CONTEXT_INCONSISTENT' });
  });

  it('refunds partially, idempotently per request number, never over the total, and closes when fully refunded', () => {
    const book = new TradeBook();
    open(book, 'p2');
    expect(book.refund('p2', 'r0', 100, 0)).toMatchObject({ sub_code: 'ACQ.TRADE_STATUS_ERROR' });
    book.pay('p2', Date.parse('2026-03-01T01:00:00Z'));
    expect(book.refund('p2', 'r1', 400, 0)).toMatchObject({ code: '10000', refund_fee: '4.00', fund_change: 'Y' });
    expect(book.refund('p2', 'r1', 400, 0)).toMatchObject({ code: '10000', refund_fee: '4.00', fund_change: 'N' });
    expect(book.refund('p2', 'r2', 700, 0)).toMatchObject({ sub_code: 'ACQ.REFUND_AMT_NOT_EQUAL_TOTAL' });
    expect(book.refund('p2', 'r3', 600, 0)).toMatchObject({ refund_fee: '10.00' });
    expect(book.get('p2')?.status).toBe('TRADE_CLOSED');
  });

  it('a closed trade cannot be paid; paying twice keeps the first payment time', () => {
    const book = new TradeBook();
    open(book, 'p3');
    book.close('p3');
    expect(() => book.pay('p3', 0)).toThrow(TradeClosedError);
    open(book, 'p4');
    book.pay('p4', Date.parse('2026-03-01T01:00:00Z'));
    book.pay('p4', Date.parse('2026-03-05T01:00:00Z'));
    expect(book.get('p4')?.gmtPayment).toBe('2026-03-01 09:00:00');
  });
});
