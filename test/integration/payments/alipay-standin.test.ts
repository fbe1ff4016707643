import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AlipayPaymentProvider } from '../../../lambdas/payments/alipay/alipay-provider';
import { parseAlipaySecret } from '../../../lambdas/payments/alipay/credentials';
import { AlipayRejectedError } from '../../../lambdas/payments/alipay/gateway-errors';
import { ProviderUnavailableError, type CreatePaymentRequest } from '../../../lambdas/payments/payment-provider';
import { generateStandInKeys, startAlipayStandIn, tradeNotification, type AlipayStandIn, type AlipayStandInKeys } from '../../../local/alipay-standin';
import { startNotifyReceiver, type NotifyReceiver } from '../../support/alipay-notify-receiver';

const paymentRequest = (amountFen: number, channel: 'mobile' | 'web' = 'mobile'): CreatePaymentRequest => ({
  paymentId: `pay-${randomUUID()}`,
  orderId: `order-${randomUUID()}`,
  amountFen,
  subject: '曹县 黄河蜜瓜 2 箱',
  expiresAt: new Date(Date.now() + 15 * 60_000).toISOString(),
  channel,
});

async function rejectionOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the call to fail');
}

describe('Alipay stand-in, driven by the real alipay-sdk through the Alipay adapter', () => {
  let standIn: AlipayStandIn;
  let receiver: NotifyReceiver;
  let provider: AlipayPaymentProvider;
  /** The stand-in's test keys: its Alipay private key signs notifications by hand below. */
  const keys: AlipayStandInKeys = generateStandInKeys();

  /** The buyer opens the pay URL in a browser: only then does Alipay know the trade. */
  const openPayPage = async (payUrl: string) => (await fetch(payUrl)).status;
  const openTrade = async (amountFen: number) => {
    const request = paymentRequest(amountFen);
    const { payUrl } = await provider.createPayment(request);
    expect(await openPayPage(payUrl)).toBe(200);
    return request;
  };

  beforeAll(async () => {
    let notifyUrl: string | undefined;
    standIn = await startAlipayStandIn({ keys, notifyUrl: () => notifyUrl });
    provider = new AlipayPaymentProvider({ credentials: parseAlipaySecret(standIn.credentials), gatewayUrl: standIn.gatewayUrl, timeoutMs: 1_000 });
    receiver = await startNotifyReceiver(() => provider);
    notifyUrl = receiver.url;
  });
  afterEach(() => standIn.clearFaults());
  afterAll(async () => {
    await receiver?.close();
    await standIn?.stop();
  });

  it('creates signed wap and page pay URLs on the gateway; the trade exists once the buyer opens one', async () => {
    const request = paymentRequest(1234);
    const { payUrl } = await provider.createPayment(request);
    const url = new URL(payUrl);
    expect(`${url.origin}${url.pathname}`).toBe(standIn.gatewayUrl);
    expect(url.searchParams.get('method')).toBe('alipay.trade.wap.pay');
    expect(JSON.parse(url.searchParams.get('biz_content')!)).toMatchObject({ out_trade_no: request.paymentId, total_amount: '12.34', product_code: 'QUICK_WAP_WAY' });
    expect(await provider.queryTrade(request.paymentId)).toEqual({ status: undefined, paidFen: 0 });

    expect(await openPayPage(payUrl)).toBe(200);
    expect(await provider.queryTrade(request.paymentId)).toMatchObject({ status: 'WAIT_BUYER_PAY', paidFen: 0 });

    const web = await provider.createPayment(paymentRequest(1, 'web'));
    expect(new URL(web.payUrl).searchParams.get('method')).toBe('alipay.trade.page.pay');
  });

  it('pays: the notification verifies with the SDK, carries the amount and the payment time; the query agrees', async () => {
    const request = await openTrade(990_000_000);
    const at = Date.parse('2026-03-01T02:03:04Z');
    const outcome = await standIn.pay(request.paymentId, { notify: 1, at });
    expect(outcome).toMatchObject({ kind: 'paid', acknowledged: true, deliveries: [{ status: 200, body: 'success' }] });
    const verdict = receiver.received.at(-1)!;
    expect(verdict.fields.gmt_payment).toBe('2026-03-01 10:03:04');
    expect(verdict.verdict).toEqual({
      kind: 'verified',
      paymentId: request.paymentId,
      providerTradeId: verdict.fields.trade_no,
      status: 'TRADE_SUCCESS',
      amountFen: 990_000_000,
      paidAt: '2026-03-01T02:03:04.000Z',
    });
    expect(await provider.queryTrade(request.paymentId)).toEqual({
      status: 'TRADE_SUCCESS',
      paidFen: 990_000_000,
      paidAt: '2026-03-01T02:03:04.000Z',
      providerTradeId: verdict.fields.trade_no,
    });
  });

  it('delivers a repeated notification as the same one, and a lost one not at all', async () => {
    const twice = await openTrade(500);
    const before = receiver.received.length;
    expect(await standIn.pay(twice.paymentId, { notify: 2 })).toMatchObject({ kind: 'paid', acknowledged: true });
    const [first, second] = receiver.received.slice(before);
    expect(second!.fields).toEqual(first!.fields);

    const never = await openTrade(600);
    const count = receiver.received.length;
    expect(await standIn.pay(never.paymentId, { notify: 0 })).toMatchObject({ kind: 'paid', deliveries: [] });
    expect(receiver.received).toHaveLength(count);
    expect((await provider.queryTrade(never.paymentId)).status).toBe('TRADE_SUCCESS');
  });

  it('refunds once per refund request number, however often it is asked', async () => {
    const request = await openTrade(2_000);
    await standIn.pay(request.paymentId, { notify: 0 });
    const refund = { paymentId: request.paymentId, refundRequestId: `refund-${request.orderId}`, amountFen: 2_000, reason: 'cancelled' };
    expect(await provider.refund(refund)).toEqual({ refundedFen: 2_000 });
    expect(await provider.refund(refund)).toEqual({ refundedFen: 2_000 });
    expect(standIn.trade(request.paymentId)).toEqual({ status: 'TRADE_CLOSED', paidFen: 2_000, refundedFen: 2_000 });
    // Another refund number over the paid amount is refused, not retried.
    expect(await rejectionOf(provider.refund({ ...refund, refundRequestId: 'another' }))).toBeInstanceOf(AlipayRejectedError);
  });

  it('closes an unpaid trade (again and again; an unknown one is fine), and a closed trade cannot be paid', async () => {
    const request = await openTrade(300);
    await provider.closeTrade(request.paymentId);
    await provider.closeTrade(request.paymentId);
    await provider.closeTrade(`pay-never-opened-${randomUUID()}`);
    expect((await provider.queryTrade(request.paymentId)).status).toBe('TRADE_CLOSED');
    expect(await standIn.pay(request.paymentId, { notify: 1 })).toEqual({ kind: 'closed' });
    expect(await standIn.pay('pay-unknown', { notify: 1 })).toEqual({ kind: 'unknown' });
  });

  it('refuses to close a paid trade', async () => {
    const request = await openTrade(300);
    await standIn.pay(request.paymentId, { notify: 0 });
    expect(await rejectionOf(provider.closeTrade(request.paymentId))).toBeInstanceOf(AlipayRejectedError);
  });

  describe('notification verification', () => {
    const paidNotification = async (amountFen: number) => {
      const request = await openTrade(amountFen);
      const before = receiver.received.length;
      await standIn.pay(request.paymentId, { notify: 1 });
      return receiver.received[before]!.fields;
    };

    it('rejects a tampered amount or status, a missing or foreign signature', async () => {
      const fields = await paidNotification(100);
      expect(await provider.verifyNotification({ ...fields, total_amount: '1000.00' })).toEqual({ kind: 'invalid', reason: 'signature' });
      expect(await provider.verifyNotification({ ...fields, trade_status: 'TRADE_FINISHED' })).toEqual({ kind: 'invalid', reason: 'signature' });
      const { sign: _sign, ...unsigned } = fields;
      expect(await provider.verifyNotification(unsigned)).toEqual({ kind: 'invalid', reason: 'signature' });
      expect(await provider.verifyNotification({ ...fields, sign: 'bm90IGEgc2lnbmF0dXJl' })).toEqual({ kind: 'invalid', reason: 'signature' });
      expect(await provider.verifyNotification({ ...fields, sign: '%%%' })).toEqual({ kind: 'invalid', reason: 'signature' });
    });

    it("rejects Alipay's genuine signature over another app's notification, and malformed fields", async () => {
      const trade = {
        outTradeNo: `pay-${randomUUID()}`,
        tradeNo: '2026030122001000000000000001',
        totalFen: 100,
        subject: 's',
        productCode: 'QUICK_WAP_WAY',
        notifyUrl: undefined,
        gmtCreate: '2026-03-01 10:00:00',
        status: 'TRADE_SUCCESS' as const,
        gmtPayment: '2026-03-01 10:00:01',
        refundedFen: 0,
        refunds: new Map<string, number>(),
      };
      const foreign = tradeNotification(trade, generateStandInKeys().appId, Date.now(), keys.alipayPrivateKey);
      expect(await provider.verifyNotification(foreign)).toEqual({ kind: 'invalid', reason: 'appId' });
      const impossibleDay = tradeNotification({ ...trade, gmtPayment: '2026-02-30 10:00:00' }, keys.appId, Date.now(), keys.alipayPrivateKey);
      expect(await provider.verifyNotification(impossibleDay)).toEqual({ kind: 'invalid', reason: 'malformed' });
      expect(await provider.verifyNotification(tradeNotification(trade, keys.appId, Date.now(), keys.alipayPrivateKey))).toMatchObject({ kind: 'verified', amountFen: 100 });
    });
  });

  describe('signatures of the gateway itself', () => {
    it('refuses an answer not signed with the configured Alipay public key (not retryable)', async () => {
      const stranger = generateStandInKeys();
      const misconfigured = new AlipayPaymentProvider({
        credentials: parseAlipaySecret({ ...standIn.credentials, alipayPublicKey: stranger.alipayPublicKey }),
        gatewayUrl: standIn.gatewayUrl,
      });
      const error = await rejectionOf(misconfigured.queryTrade('pay-any'));
      expect(error).not.toBeInstanceOf(ProviderUnavailableError);
      expect(error.message).toMatch(/alipay\.trade\.query/);
    });

    it("refuses a request signed with another app's key", async () => {
      const stranger = generateStandInKeys();
      const impostor = new AlipayPaymentProvider({ credentials: parseAlipaySecret({ ...standIn.credentials, appPrivateKey: stranger.appPrivateKey }), gatewayUrl: standIn.gatewayUrl });
      const error = await rejectionOf(impostor.queryTrade('pay-any'));
      expect(error).toBeInstanceOf(AlipayRejectedError);
      expect((error as AlipayRejectedError).subCode).toBe('isv.invalid-signature');
    });
  });

  describe('faults: retryable ones are ProviderUnavailableError', () => {
    it('HTTP 503 from the gateway', async () => {
      standIn.setFaults({ kind: 'unavailable' });
      expect(await rejectionOf(provider.queryTrade('pay-any'))).toBeInstanceOf(ProviderUnavailableError);
    });

    it('SYSTEM_ERROR on a refund, then the retry with the same request number refunds once', async () => {
      const request = await openTrade(700);
      await standIn.pay(request.paymentId, { notify: 0 });
      const refund = { paymentId: request.paymentId, refundRequestId: `refund-${request.orderId}`, amountFen: 700, reason: 'expired' };
      standIn.setFaults({ kind: 'system-error', methods: ['alipay.trade.refund'], times: 1 });
      expect(await rejectionOf(provider.refund(refund))).toBeInstanceOf(ProviderUnavailableError);
      expect(standIn.trade(request.paymentId)?.refundedFen).toBe(0);
      expect(await provider.refund(refund)).toEqual({ refundedFen: 700 });
    });

    it('a gateway slower than the client timeout; the refund it still made is not made twice', async () => {
      const request = await openTrade(800);
      await standIn.pay(request.paymentId, { notify: 0 });
      const refund = { paymentId: request.paymentId, refundRequestId: `refund-${request.orderId}`, amountFen: 800, reason: 'expired' };
      standIn.setFaults({ kind: 'slow', delayMs: 1_500, methods: ['alipay.trade.refund'], times: 1 });
      expect(await rejectionOf(provider.refund(refund))).toBeInstanceOf(ProviderUnavailableError);
      await expect.poll(() => standIn.trade(request.paymentId)?.refundedFen, { timeout: 5_000 }).toBe(800);
      expect(await provider.refund(refund)).toEqual({ refundedFen: 800 });
      expect(standIn.trade(request.paymentId)?.refundedFen).toBe(800);
    });

    it('a gateway that is not there at all', async () => {
      const gone = await startAlipayStandIn({ keys: generateStandInKeys() });
      await gone.stop();
      const unreachable = new AlipayPaymentProvider({ credentials: parseAlipaySecret(gone.credentials), gatewayUrl: gone.gatewayUrl, timeoutMs: 500 });
      expect(await rejectionOf(unreachable.queryTrade('pay-any'))).toBeInstanceOf(ProviderUnavailableError);
    });
  });
});
