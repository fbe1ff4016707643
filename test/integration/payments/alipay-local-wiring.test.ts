import { Logger } from '@aws-lambda-powertools/logger';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PaymentProvider } from '../../../lambdas/payments/payment-provider';
import { ProviderUnavailableError } from '../../../lambdas/payments/payment-provider';
import { loadOrCreateStandInKeys, tradeNotification, type AlipayStandInKeys } from '../../../local/alipay-standin';
import { alipayStandInKeyFile, defaultDataDir } from '../../../local/paths';
import { api, runtimeEnv } from '../../support/local-api';

/** The functions' view: the provider built by lambdas/payments/provider.ts from the runtime's environment. */
const PROVIDER_ENV = ['AWS_ENDPOINT_URL_SECRETS_MANAGER', 'ALIPAY_SECRET_ID', 'ALIPAY_GATEWAY_URL', 'AWS_REGION', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'] as const;

const json = { 'content-type': 'application/json' };

describe('Alipay in the local runtime: the stand-in, the local secret and the control routes', () => {
  let provider: PaymentProvider;
  let keys: AlipayStandInKeys;

  beforeAll(async () => {
    for (const name of PROVIDER_ENV) process.env[name] = runtimeEnv[name];
    keys = loadOrCreateStandInKeys(alipayStandInKeyFile(defaultDataDir));
    provider = await (await import('../../../lambdas/payments/provider')).paymentProvider();
  });

  const openTrade = async (amountFen: number) => {
    const paymentId = `pay-${randomUUID()}`;
    const { payUrl } = await provider.createPayment({ paymentId, orderId: 'o', amountFen, subject: '苹果', expiresAt: new Date(Date.now() + 300_000).toISOString(), channel: 'mobile' });
    expect((await fetch(payUrl)).status).toBe(200);
    return paymentId;
  };

  it('builds the provider from the secret served as Secrets Manager serves it, holding the stand-in’s matching keys', async () => {
    const paymentId = await openTrade(100);
    expect(await provider.queryTrade(paymentId)).toMatchObject({ status: 'WAIT_BUYER_PAY' });
    expect(runtimeEnv.ALIPAY_SECRET_ID).toBe('village-live/local/alipay');
    for (const value of Object.values(runtimeEnv)) expect(value).not.toContain('PRIVATE KEY');
  });

  it('POST /_local/payments/{id}/pay pays at x-village-local-now; GET shows the trade; unknown → 404; closed → 409', async () => {
    const paymentId = await openTrade(4_321);
    const paid = await api('POST', `/_local/payments/${paymentId}/pay`, { body: { notify: 'never' }, headers: { 'x-village-local-now': '2026-02-03T16:30:00Z' } });
    expect(paid.status).toBe(202);
    expect(paid.body).toMatchObject({ status: 'TRADE_SUCCESS', paidFen: 4_321, refundedFen: 0, deliveries: [] });
    expect(await provider.queryTrade(paymentId)).toMatchObject({ status: 'TRADE_SUCCESS', paidFen: 4_321, paidAt: '2026-02-03T16:30:00.000Z' });
    expect((await api('GET', `/_local/payments/${paymentId}`)).body).toEqual({ status: 'TRADE_SUCCESS', paidFen: 4_321, refundedFen: 0 });

    expect((await api('POST', `/_local/payments/pay-${randomUUID()}/pay`, { body: {} })).status).toBe(404);
    expect((await api('GET', `/_local/payments/pay-${randomUUID()}`)).status).toBe(404);
    const closed = await openTrade(50);
    await provider.closeTrade(closed);
    expect((await api('POST', `/_local/payments/${closed}/pay`, { body: { notify: 'once' } })).status).toBe(409);
    expect((await api('POST', `/_local/payments/${closed}/pay`, { body: { notify: 'sometimes' } })).status).toBe(400);
  });

  it('PUT /_local/faults/alipay makes the gateway fail as asked; DELETE clears it', async () => {
    expect((await api('PUT', '/_local/faults/alipay', { body: { kind: 'unavailable', methods: ['alipay.trade.query'] } })).status).toBe(200);
    await expect(provider.queryTrade('pay-any')).rejects.toBeInstanceOf(ProviderUnavailableError);
    expect((await api('DELETE', '/_local/faults/alipay', { headers: json })).status).toBe(204);
    expect(await provider.queryTrade(`pay-${randomUUID()}`)).toEqual({ status: undefined, paidFen: 0 });
    expect((await api('PUT', '/_local/faults/alipay', { body: { kind: 'flaky' } })).status).toBe(400);
  });

  describe('secrets never reach the logs', () => {
    const captured: string[] = [];
    const restore: (() => void)[] = [];

    beforeAll(() => {
      for (const stream of [process.stdout, process.stderr]) {
        const original = stream.write.bind(stream);
        stream.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
          captured.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
          return original(chunk, ...rest);
        }) as typeof stream.write;
        restore.push(() => (stream.write = original));
      }
      for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) {
        const original = console[level];
        console[level] = (...args: unknown[]) => {
          captured.push(args.map((arg) => (arg instanceof Error ? `${arg.stack} ${String(arg.cause)}` : typeof arg === 'string' ? arg : JSON.stringify(arg))).join(' '));
          original(...args);
        };
        restore.push(() => (console[level] = original));
      }
    });
    afterAll(() => restore.forEach((undo) => undo()));

    it('captures every line of create, query, notify verification, refund and their error paths, and finds no app id or key', async () => {
      // A handler's logger at its most talkative, logging what a handler would: results and errors (with causes).
      const logger = new Logger({ serviceName: 'payments-log-capture', logLevel: 'DEBUG' });
      const attempt = async (step: string, act: () => Promise<unknown>) => {
        try {
          logger.debug(step, { result: await act() });
        } catch (error) {
          logger.error(step, error as Error);
        }
      };
      const paymentId = await openTrade(900);
      await attempt('query', () => provider.queryTrade(paymentId));
      await api('POST', `/_local/payments/${paymentId}/pay`, { body: { notify: 'never' } });
      const trade = { outTradeNo: paymentId, tradeNo: 't', totalFen: 900, subject: '苹果', productCode: 'QUICK_WAP_WAY', notifyUrl: undefined, gmtCreate: '2026-03-01 10:00:00', status: 'TRADE_SUCCESS' as const, gmtPayment: '2026-03-01 10:00:01', refundedFen: 0, refunds: new Map<string, number>() };
      const notification = tradeNotification(trade, keys.appId, Date.now(), keys.alipayPrivateKey);
      await attempt('notify', () => provider.verifyNotification(notification));
      await attempt('notify tampered', () => provider.verifyNotification({ ...notification, total_amount: '0.01' }));
      await attempt('refund', () => provider.refund({ paymentId, refundRequestId: `r-${paymentId}`, amountFen: 900, reason: 'cancelled' }));
      await attempt('refund over the amount', () => provider.refund({ paymentId, refundRequestId: `r2-${paymentId}`, amountFen: 900, reason: 'again' }));
      await attempt('close a paid trade', () => provider.closeTrade(paymentId));
      await api('PUT', '/_local/faults/alipay', { body: { kind: 'unavailable' } });
      await attempt('query while down', () => provider.queryTrade(paymentId));
      await api('PUT', '/_local/faults/alipay', { body: { kind: 'system-error' } });
      await attempt('refund with SYSTEM_ERROR', () => provider.refund({ paymentId, refundRequestId: `r3-${paymentId}`, amountFen: 1, reason: 'x' }));
      await api('DELETE', '/_local/faults/alipay', { headers: json });
      const { AlipayPaymentProvider } = await import('../../../lambdas/payments/alipay/alipay-provider');
      const { parseAlipaySecret } = await import('../../../lambdas/payments/alipay/credentials');
      const credentials = parseAlipaySecret({ appId: keys.appId, appPrivateKey: keys.appPrivateKey, alipayPublicKey: keys.alipayPublicKey });
      const unreachable = new AlipayPaymentProvider({ credentials, gatewayUrl: 'http://127.0.0.1:9/gateway.do', timeoutMs: 300 });
      await attempt('gateway unreachable', () => unreachable.queryTrade(paymentId));
      await attempt('bad secret', async () => parseAlipaySecret({ appId: keys.appId, appPrivateKey: keys.appPrivateKey.slice(0, 200), alipayPublicKey: keys.alipayPublicKey }));

      const logs = captured.join('\n');
      expect(logs).toContain('gateway unreachable');
      expect(logs).toContain('ProviderUnavailableError');
      const pemBody = (pem: string) => pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
      const secrets = [keys.appId, keys.appPrivateKey, keys.alipayPublicKey, credentials.appPrivateKey, credentials.alipayPublicKey];
      const fragments = secrets.flatMap((secret) => {
        const body = pemBody(secret);
        // The whole value, its one-line body, and every 40-character piece of it (a partly printed key).
        return [secret, body, ...Array.from({ length: Math.floor(body.length / 40) }, (_, i) => body.slice(i * 40, i * 40 + 40))];
      });
      for (const fragment of fragments) expect(logs.includes(fragment), `a secret fragment ${fragment.slice(0, 6)}… is in the logs`).toBe(false);
    });
  });
});
