import { refundSucceeded } from '../../orders/domain/order';
import { OrderNotFoundError, transitionOrder, type TransitionDeps } from '../../orders/use-cases/transitions';
import type { PaymentProvider } from '../payment-provider';
import { paymentIdFor, refundRequestIdFor } from '../payment-ids';

export interface RefundDeps extends TransitionDeps {
  payments: PaymentProvider;
}

export type RefundResult = 'refunded' | 'nothing-to-refund';

/**
 * The refund worker's step, safe under redelivery: while the order's refund is PENDING, ask the provider
 * to refund it under the order's one refund request number (the provider never refunds one request
 * twice), then record SUCCEEDED. A provider failure throws: the message returns to the queue and is
 * retried until it succeeds or reaches the DLQ (alarm).
 */
export async function refundOnce(deps: RefundDeps, orderId: string): Promise<RefundResult> {
  const order = await deps.orders.get(orderId);
  if (!order) throw new OrderNotFoundError(`Order ${orderId} not found`);
  const refund = order.refund;
  if (refund?.status !== 'PENDING') return 'nothing-to-refund';
  await deps.payments.refund({
    paymentId: order.payment?.paymentId ?? paymentIdFor(orderId),
    refundRequestId: refundRequestIdFor(orderId),
    amountFen: refund.amountFen,
    reason: refund.reason === 'CANCELLED' ? 'Order cancelled' : 'Payment received after the order closed',
  });
  let result: RefundResult = 'refunded';
  await transitionOrder(deps, orderId, (current) => {
    if (!current) throw new OrderNotFoundError(`Order ${orderId} not found`);
    if (current.refund?.status !== 'PENDING') {
      result = 'nothing-to-refund';
      return { done: current };
    }
    return { transition: refundSucceeded(current, deps.runtime.now()) };
  });
  return result;
}
