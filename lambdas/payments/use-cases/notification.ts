import { logger } from '../../core/observability';
import { markPaid, refundLatePayment, type Order } from '../../orders/domain/order';
import { transitionOrder, type Decision, type TransitionDeps } from '../../orders/use-cases/transitions';
import type { PaymentProvider, VerifiedNotification } from '../payment-provider';
import { orderIdOfPayment, paymentIdFor } from '../payment-ids';
import { isPaidTrade } from '../provider-calls';

export interface NotificationDeps extends TransitionDeps {
  payments: PaymentProvider;
}

/**
 * `rejected`: the notification is not to be trusted (signature, app id, unknown trade, wrong amount):
 * answer `fail`, change nothing. Anything else is answered `success`.
 */
export type NotificationOutcome =
  | { kind: 'rejected'; reason: 'signature' | 'appId' | 'malformed' | 'unknownTrade' | 'amount' }
  | { kind: 'paid' | 'refundRequested' | 'unchanged'; order: Order };

type Verified = Extract<VerifiedNotification, { kind: 'verified' }>;

/**
 * What a verified notification does to the order, as read now. Money moves a PENDING_PAYMENT order to
 * PAID; money for an order that will not ship (EXPIRED, or CANCELLED before it was paid) is refunded,
 * once; everything else (repeats, refund notifications, closures, reordering) changes nothing.
 */
export function decideOnNotification(order: Order, notification: Verified, at: string): Decision & { outcome: 'paid' | 'refundRequested' | 'unchanged' } {
  if (!isPaidTrade(notification)) return { done: order, outcome: 'unchanged' };
  if (order.status === 'PENDING_PAYMENT') return { transition: markPaid(order, notification.paidAt ?? at, at), outcome: 'paid' };
  const wontShip = order.status === 'EXPIRED' || order.status === 'CANCELLED';
  // A paid order that was cancelled already has its refund; only money that arrived unseen needs one.
  if (wontShip && !order.refund && order.paidAt === undefined) return { transition: refundLatePayment(order, notification.amountFen, at), outcome: 'refundRequested' };
  return { done: order, outcome: 'unchanged' };
}

/**
 * POST /v1/payments/alipay/notify. Nothing in the fields is believed before the provider's own check
 * (signature and app id, in the adapter) and the order's own total: the trade id must be the one this
 * order's payment is derived from, and the amount its totalFen.
 */
export async function handleNotification(deps: NotificationDeps, fields: Readonly<Record<string, string>>): Promise<NotificationOutcome> {
  const notification = await deps.payments.verifyNotification(fields);
  if (notification.kind === 'invalid') return { kind: 'rejected', reason: notification.reason };
  const orderId = orderIdOfPayment(notification.paymentId);
  const order = orderId === undefined ? undefined : await deps.orders.get(orderId);
  if (!order || paymentIdFor(order.orderId) !== notification.paymentId) return { kind: 'rejected', reason: 'unknownTrade' };
  if (notification.amountFen !== order.totalFen) {
    logger.warn('Payment notification with another amount than the order total', { orderId: order.orderId, status: notification.status });
    return { kind: 'rejected', reason: 'amount' };
  }

  let outcome: 'paid' | 'refundRequested' | 'unchanged' = 'unchanged';
  const after = await transitionOrder(deps, order.orderId, (current) => {
    const decision = decideOnNotification(current ?? order, notification, deps.runtime.now());
    outcome = decision.outcome;
    return decision;
  });
  return { kind: outcome, order: after };
}
