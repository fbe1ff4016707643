/**
 * The payment port: what the order lifecycle needs from a payment provider. Pure types, no SDK import.
 * Alipay is the first adapter (lambdas/payments/alipay/); a second provider (WeChat Pay) is one more
 * adapter behind the same interface. Amounts cross this port in integer fen only; each adapter converts
 * to its provider's unit in one place.
 */

export type ProviderName = 'alipay';

/** The provider's view of one trade (one payment of one order). */
export type TradeStatus = 'WAIT_BUYER_PAY' | 'TRADE_SUCCESS' | 'TRADE_FINISHED' | 'TRADE_CLOSED';

export interface CreatePaymentRequest {
  /** Our id for the trade (Alipay's out_trade_no). Stable per payment attempt, so a retry is the same trade. */
  paymentId: string;
  orderId: string;
  amountFen: number;
  subject: string;
  /** When the provider must stop accepting money for it (the order's payBy). */
  expiresAt: string;
  channel: 'mobile' | 'web';
}

export interface CreatedPayment {
  payUrl: string;
}

export interface TradeQueryResult {
  /** undefined: the provider has no such trade (the buyer never opened the pay page). */
  status: TradeStatus | undefined;
  paidFen: number;
  /** The provider's payment time (Alipay gmt_payment) as ISO-8601 UTC, when paid. */
  paidAt?: string;
  providerTradeId?: string;
}

export interface RefundRequest {
  paymentId: string;
  /** Idempotency key of the refund at the provider (Alipay out_request_no): the same key never refunds twice. */
  refundRequestId: string;
  amountFen: number;
  reason: string;
}

export interface RefundResult {
  /** The trade's total refunded so far, as the provider reports it (Alipay `refund_fee`); a repeated request reports the same. */
  refundedFen: number;
}

/** A notification whose signature and app id the adapter verified. Anything else is `invalid`. */
export type VerifiedNotification =
  | {
      kind: 'verified';
      paymentId: string;
      providerTradeId: string;
      status: TradeStatus;
      /** The amount the provider says was paid, in fen (checked against the order's own total by the caller). */
      amountFen: number;
      paidAt?: string;
    }
  | { kind: 'invalid'; reason: 'signature' | 'appId' | 'malformed' };

/** Thrown by adapters when the provider could not be reached or answered with a retryable fault. */
export class ProviderUnavailableError extends Error {
  override readonly name = 'ProviderUnavailableError';
}

export interface PaymentProvider {
  readonly name: ProviderName;
  createPayment(request: CreatePaymentRequest): Promise<CreatedPayment>;
  queryTrade(paymentId: string): Promise<TradeQueryResult>;
  /** Closes an unpaid trade so no money can arrive for it any more; a trade that does not exist is fine. */
  closeTrade(paymentId: string): Promise<void>;
  refund(request: RefundRequest): Promise<RefundResult>;
  /** Verifies an asynchronous notification (the form fields as received) with the provider's own check. */
  verifyNotification(fields: Readonly<Record<string, string>>): Promise<VerifiedNotification>;
}
