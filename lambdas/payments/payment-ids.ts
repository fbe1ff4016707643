/**
 * Ids the provider sees, derived from the order so that every retry names the same trade and the same
 * refund (Alipay's out_trade_no and out_request_no: letters, digits and underscores, at most 64).
 * An order has one trade: the notification's trade id is what binds money to an order.
 */
const PAYMENT_PREFIX = 'VLP';
const REFUND_PREFIX = 'VLR';
const ORDER_ID = /^[0-9A-Za-z_]{1,60}$/;

export const paymentIdFor = (orderId: string) => `${PAYMENT_PREFIX}${orderId}`;

/** The order a trade id names, or undefined when it is not one of ours. */
export function orderIdOfPayment(paymentId: string): string | undefined {
  if (!paymentId.startsWith(PAYMENT_PREFIX)) return undefined;
  const orderId = paymentId.slice(PAYMENT_PREFIX.length);
  return ORDER_ID.test(orderId) ? orderId : undefined;
}

/** The one refund request of an order: the provider never refunds the same request number twice. */
export const refundRequestIdFor = (orderId: string) => `${REFUND_PREFIX}${orderId}`;
