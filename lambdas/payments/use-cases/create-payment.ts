import { conflict, notFound, unavailable } from '../../core/errors';
import { attachPayment, type Order, type OrderPayment } from '../../orders/domain/order';
import { transitionOrder, type TransitionDeps } from '../../orders/use-cases/transitions';
import type { PaymentProvider } from '../payment-provider';
import { paymentIdFor } from '../payment-ids';
import { withProviderRetries } from '../provider-calls';

export interface PaymentDeps extends TransitionDeps {
  payments: PaymentProvider;
}

export interface CreatePaymentResult {
  order: Order;
  payment: OrderPayment;
  /** false: the order already had this open payment (the same call again answers 200 with it). */
  created: boolean;
}

const SUBJECT_MAX = 128;

/** What the buyer sees on the provider's page: the first line's title, and how many more. */
export function paymentSubject(order: Pick<Order, 'items'>): string {
  const [first, ...rest] = order.items;
  const subject = `${first?.title ?? 'village-live'}${rest.length ? ` 等${rest.length + 1}件` : ''}`;
  return subject.length > SUBJECT_MAX ? subject.slice(0, SUBJECT_MAX) : subject;
}

/**
 * POST /v1/orders/{orderId}/payment: opens the order's trade with the provider and records it on the
 * order (a conditional write on its version). One trade per order, its id derived from the order's, so
 * that concurrent or repeated calls name the same trade; while it is open the same payment is returned.
 */
export async function createPayment(deps: PaymentDeps, orderId: string, buyerId: string, channel: 'mobile' | 'web' = 'web'): Promise<CreatePaymentResult> {
  const requireOpen = (order: Order | undefined): Order => {
    if (!order || order.buyerId !== buyerId) throw notFound('Order');
    if (order.status !== 'PENDING_PAYMENT') throw conflict(`An order in ${order.status} cannot be paid`);
    return order;
  };
  const before = requireOpen(await deps.orders.get(orderId));
  if (before.payment) return { order: before, payment: before.payment, created: false };

  const paymentId = paymentIdFor(orderId);
  let payUrl: string;
  try {
    ({ payUrl } = await withProviderRetries(deps.runtime, () =>
      deps.payments.createPayment({ paymentId, orderId, amountFen: before.totalFen, subject: paymentSubject(before), expiresAt: before.payBy, channel }),
    ));
  } catch (error) {
    if (error instanceof Error && error.name === 'ProviderUnavailableError') throw unavailable('The payment provider cannot be reached, retry shortly');
    throw error;
  }
  const payment: OrderPayment = { paymentId, provider: deps.payments.name, amountFen: before.totalFen, payUrl, expiresAt: before.payBy, createdAt: deps.runtime.now() };

  let created = true;
  const order = await transitionOrder(deps, orderId, (current) => {
    const open = requireOpen(current);
    if (open.payment) {
      created = false; // a concurrent call recorded it first
      return { done: open };
    }
    return { transition: attachPayment(open, payment) };
  });
  return { order, payment: order.payment ?? payment, created };
}
