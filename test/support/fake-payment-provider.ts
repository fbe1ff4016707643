import {
  ProviderUnavailableError,
  type CreatePaymentRequest,
  type PaymentProvider,
  type RefundRequest,
  type TradeStatus,
  type VerifiedNotification,
} from '../../lambdas/payments/payment-provider';

interface FakeTrade {
  request: CreatePaymentRequest;
  status: TradeStatus;
  paidFen: number;
  paidAt?: string;
  refundedFen: number;
}

type Operation = 'createPayment' | 'queryTrade' | 'closeTrade' | 'refund' | 'verifyNotification';

/**
 * An in-memory payment provider implementing the port: trades open, are paid, closed and refunded as
 * the test says. Notifications are "signed" by the test: `verifyNotification` believes exactly the
 * fields made by `notification()`, and answers `invalid` for `sign: 'bad'` or `app_id: 'other'`.
 * `down` makes the named operations fail with ProviderUnavailableError.
 */
export class FakePaymentProvider implements PaymentProvider {
  readonly name = 'alipay' as const;
  readonly trades = new Map<string, FakeTrade>();
  readonly refunds = new Map<string, RefundRequest>();
  readonly calls: { operation: Operation; paymentId?: string }[] = [];
  down = new Set<Operation>();

  private enter(operation: Operation, paymentId?: string) {
    this.calls.push({ operation, ...(paymentId !== undefined ? { paymentId } : {}) });
    if (this.down.has(operation)) throw new ProviderUnavailableError(`fake provider: ${operation} is down`);
  }

  async createPayment(request: CreatePaymentRequest) {
    this.enter('createPayment', request.paymentId);
    if (!this.trades.has(request.paymentId)) this.trades.set(request.paymentId, { request, status: 'WAIT_BUYER_PAY', paidFen: 0, refundedFen: 0 });
    return { payUrl: `https://fake-pay.test/${request.paymentId}` };
  }

  async queryTrade(paymentId: string) {
    this.enter('queryTrade', paymentId);
    const trade = this.trades.get(paymentId);
    if (!trade) return { status: undefined, paidFen: 0 };
    return { status: trade.status, paidFen: trade.paidFen, ...(trade.paidAt ? { paidAt: trade.paidAt } : {}) };
  }

  async closeTrade(paymentId: string) {
    this.enter('closeTrade', paymentId);
    const trade = this.trades.get(paymentId);
    if (!trade) return;
    if (trade.status !== 'WAIT_BUYER_PAY' && trade.status !== 'TRADE_CLOSED') throw new Error(`fake provider: trade ${paymentId} is ${trade.status}, cannot close`);
    trade.status = 'TRADE_CLOSED';
  }

  async refund(request: RefundRequest) {
    this.enter('refund', request.paymentId);
    const trade = this.trades.get(request.paymentId);
    if (!trade || trade.paidFen === 0) throw new Error(`fake provider: nothing paid on ${request.paymentId}`);
    if (!this.refunds.has(request.refundRequestId)) {
      this.refunds.set(request.refundRequestId, request);
      trade.refundedFen += request.amountFen;
      if (trade.refundedFen >= trade.paidFen) trade.status = 'TRADE_CLOSED';
    }
    return { refundedFen: trade.refundedFen };
  }

  async verifyNotification(fields: Readonly<Record<string, string>>): Promise<VerifiedNotification> {
    this.enter('verifyNotification');
    if (fields.sign !== 'fake-valid') return { kind: 'invalid', reason: 'signature' };
    if (fields.app_id !== 'fake-app') return { kind: 'invalid', reason: 'appId' };
    const status = fields.trade_status as TradeStatus | undefined;
    if (!fields.out_trade_no || !status || !fields.total_amount_fen) return { kind: 'invalid', reason: 'malformed' };
    return {
      kind: 'verified',
      paymentId: fields.out_trade_no,
      providerTradeId: fields.trade_no ?? `T${fields.out_trade_no}`,
      status,
      amountFen: Number(fields.total_amount_fen),
      ...(fields.gmt_payment ? { paidAt: fields.gmt_payment } : {}),
    };
  }

  /** The buyer pays in full at `paidAt` (the trade must exist, as on the provider's page). */
  pay(paymentId: string, paidAt: string, amountFen?: number): void {
    const trade = this.trades.get(paymentId);
    if (!trade) throw new Error(`fake provider: no trade ${paymentId}`);
    if (trade.status === 'TRADE_CLOSED') throw new Error(`fake provider: trade ${paymentId} is closed`);
    trade.status = 'TRADE_SUCCESS';
    trade.paidFen = amountFen ?? trade.request.amountFen;
    trade.paidAt = paidAt;
  }

  /** The fields of a notification as the provider would post them (here "signed" for this fake). */
  notification(paymentId: string, overrides: Record<string, string> = {}): Record<string, string> {
    const trade = this.trades.get(paymentId);
    return {
      app_id: 'fake-app',
      sign: 'fake-valid',
      out_trade_no: paymentId,
      trade_no: `T${paymentId}`,
      trade_status: trade?.status ?? 'TRADE_SUCCESS',
      total_amount_fen: String(trade?.paidFen || trade?.request.amountFen || 0),
      ...(trade?.paidAt ? { gmt_payment: trade.paidAt } : {}),
      ...overrides,
    };
  }

  count(operation: Operation): number {
    return this.calls.filter((call) => call.operation === operation).length;
  }
}
