import { AlipaySdk } from 'alipay-sdk';
import { z } from 'zod';
import { fenToYuan, yuanToFen } from '../money';
import {
  ProviderUnavailableError,
  type CreatedPayment,
  type CreatePaymentRequest,
  type PaymentProvider,
  type RefundRequest,
  type RefundResult,
  type TradeQueryResult,
  type TradeStatus,
  type VerifiedNotification,
} from '../payment-provider';
import type { AlipayCredentials } from './credentials';
import { AlipayRejectedError, classifySdkError, isRetryableAnswer } from './gateway-errors';
import { fromAlipayTime, toAlipayTime } from './shanghai-time';

export interface AlipayProviderOptions {
  readonly credentials: AlipayCredentials;
  /** The classic OpenAPI gateway: `https://openapi.alipay.com/gateway.do` (locally, the stand-in's). */
  readonly gatewayUrl: string;
  /** Where Alipay posts the trade's asynchronous notifications (`…/v1/payments/alipay/notify`). */
  readonly notifyUrl?: string;
  /** Per call; the SDK's own default is 5 s. */
  readonly timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 3_000;
const SUCCESS = '10000';
const TRADE_NOT_EXIST = 'ACQ.TRADE_NOT_EXIST';
const tradeStatus = z.enum(['WAIT_BUYER_PAY', 'TRADE_SUCCESS', 'TRADE_FINISHED', 'TRADE_CLOSED']);
const PAID_STATUSES: ReadonlySet<TradeStatus> = new Set(['TRADE_SUCCESS', 'TRADE_FINISHED']);

/** Every gateway answer (the SDK camel-cases its keys). */
const answer = z.object({ code: z.string(), subCode: z.string().optional() });
const queryAnswer = z.object({
  tradeStatus,
  totalAmount: z.string(),
  tradeNo: z.string().optional(),
  sendPayDate: z.string().optional(),
});
const refundAnswer = z.object({ refundFee: z.string() });

const notification = z.object({
  out_trade_no: z.string().min(1),
  trade_no: z.string().min(1),
  trade_status: tradeStatus,
  total_amount: z.string(),
  gmt_payment: z.string().optional(),
});

/**
 * The Alipay adapter of the payment port, on the official `alipay-sdk` (v4) and Alipay's classic
 * OpenAPI gateway (`exec`, RSA2): every response's signature is checked (`validateSign`), pay URLs are
 * signed GET links to the gateway (`pageExecute`), notifications are verified with `checkNotifySignV2`.
 * It logs nothing itself; its errors name the method and Alipay's codes, never keys or parameters.
 */
export class AlipayPaymentProvider implements PaymentProvider {
  readonly name = 'alipay' as const;
  readonly #sdk: AlipaySdk;
  readonly #appId: string;
  readonly #notifyUrl: string | undefined;

  constructor(options: AlipayProviderOptions) {
    this.#appId = options.credentials.appId;
    this.#notifyUrl = options.notifyUrl;
    this.#sdk = new AlipaySdk({
      appId: options.credentials.appId,
      privateKey: options.credentials.appPrivateKey,
      keyType: 'PKCS8',
      alipayPublicKey: options.credentials.alipayPublicKey,
      signType: 'RSA2',
      gateway: options.gatewayUrl,
      timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    });
  }

  async createPayment(request: CreatePaymentRequest): Promise<CreatedPayment> {
    const mobile = request.channel === 'mobile';
    const method = mobile ? 'alipay.trade.wap.pay' : 'alipay.trade.page.pay';
    const payUrl = this.#sdk.pageExecute(method, 'GET', {
      bizContent: {
        out_trade_no: request.paymentId,
        total_amount: fenToYuan(request.amountFen),
        subject: request.subject,
        product_code: mobile ? 'QUICK_WAP_WAY' : 'FAST_INSTANT_TRADE_PAY',
        time_expire: toAlipayTime(request.expiresAt),
      },
      ...(this.#notifyUrl ? { notifyUrl: this.#notifyUrl } : {}),
    });
    return { payUrl };
  }

  async queryTrade(paymentId: string): Promise<TradeQueryResult> {
    const result = await this.#call('alipay.trade.query', { out_trade_no: paymentId }, [TRADE_NOT_EXIST]);
    if (result.subCode === TRADE_NOT_EXIST) return { status: undefined, paidFen: 0 };
    const trade = queryAnswer.parse(result.body);
    const paid = PAID_STATUSES.has(trade.tradeStatus);
    const paidAt = paid && trade.sendPayDate ? fromAlipayTime(trade.sendPayDate) : undefined;
    return {
      status: trade.tradeStatus,
      paidFen: paid ? yuanToFen(trade.totalAmount) : 0,
      ...(paidAt ? { paidAt } : {}),
      ...(trade.tradeNo ? { providerTradeId: trade.tradeNo } : {}),
    };
  }

  async closeTrade(paymentId: string): Promise<void> {
    const result = await this.#call('alipay.trade.close', { out_trade_no: paymentId }, [TRADE_NOT_EXIST, 'ACQ.TRADE_STATUS_ERROR']);
    if (result.subCode !== 'ACQ.TRADE_STATUS_ERROR') return;
    // Already closed is closed; paid is not closable, and the caller must know.
    const trade = await this.queryTrade(paymentId);
    if (trade.status !== 'TRADE_CLOSED') throw new AlipayRejectedError('alipay.trade.close', result.code, result.subCode);
  }

  async refund(request: RefundRequest): Promise<RefundResult> {
    const result = await this.#call('alipay.trade.refund', {
      out_trade_no: request.paymentId,
      out_request_no: request.refundRequestId,
      refund_amount: fenToYuan(request.amountFen),
      refund_reason: request.reason,
    });
    return { refundedFen: yuanToFen(refundAnswer.parse(result.body).refundFee) };
  }

  async verifyNotification(fields: Readonly<Record<string, string>>): Promise<VerifiedNotification> {
    if (!fields.sign || !this.#signatureHolds(fields)) return { kind: 'invalid', reason: 'signature' };
    if (fields.app_id !== this.#appId) return { kind: 'invalid', reason: 'appId' };
    const parsed = notification.safeParse(fields);
    if (!parsed.success) return { kind: 'invalid', reason: 'malformed' };
    const { out_trade_no, trade_no, trade_status, total_amount, gmt_payment } = parsed.data;
    let amountFen: number;
    try {
      amountFen = yuanToFen(total_amount);
    } catch {
      return { kind: 'invalid', reason: 'malformed' };
    }
    const paidAt = gmt_payment === undefined ? undefined : fromAlipayTime(gmt_payment);
    if (gmt_payment !== undefined && paidAt === undefined) return { kind: 'invalid', reason: 'malformed' };
    return { kind: 'verified', paymentId: out_trade_no, providerTradeId: trade_no, status: trade_status, amountFen, ...(paidAt ? { paidAt } : {}) };
  }

  #signatureHolds(fields: Readonly<Record<string, string>>): boolean {
    try {
      // V2: the values as received (form-decoded once), which is what Alipay signed.
      return this.#sdk.checkNotifySignV2({ ...fields });
    } catch {
      return false;
    }
  }

  /**
   * One gateway call with its response signature checked. Alipay's business answers (code 10000 or
   * not) come back as values; `accepted` lists the sub codes the caller handles itself.
   */
  async #call(method: string, bizContent: Record<string, string>, accepted: readonly string[] = []) {
    let body: Record<string, unknown>;
    try {
      body = await this.#sdk.exec(method, { bizContent }, { validateSign: true });
    } catch (error) {
      throw classifySdkError(method, error);
    }
    const { code, subCode } = answer.parse(body);
    if (code === SUCCESS || (subCode !== undefined && accepted.includes(subCode))) return { code, subCode, body };
    if (isRetryableAnswer(code, subCode)) throw new ProviderUnavailableError(`Alipay ${method}: ${code} ${subCode ?? ''}`.trim());
    throw new AlipayRejectedError(method, code, subCode);
  }
}
