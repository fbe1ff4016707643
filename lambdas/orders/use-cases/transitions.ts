import { conflict, notFound, rateLimited } from '../../core/errors';
import { logger } from '../../core/observability';
import type { PaymentProvider } from '../../payments/payment-provider';
import { isPaidTrade, withProviderRetries } from '../../payments/provider-calls';
import {
  cancelOrder,
  canTransition,
  deliverOrder,
  flashShardsTaken,
  markPaid,
  requestFulfilment,
  shardRef,
  shipOrder,
  type CancelFacts,
  type Order,
  type Transition,
} from '../domain/order';
import type { OrderStore, Runtime, StockReader } from './ports';
import { backoff, MAX_CONTENTION_ATTEMPTS, MAX_THROTTLED_ATTEMPTS } from './retry';

export interface TransitionDeps {
  orders: OrderStore;
  runtime: Runtime;
}

/** What a transition that returns stock (cancel, expiry) needs. */
export interface ReleaseDeps extends TransitionDeps {
  stock: StockReader;
}

export interface CancelDeps extends ReleaseDeps {
  payments: PaymentProvider;
}

/** What to do with the order as just read: a transition, or a final answer without a write. */
export type Decision = { transition: Transition } | { done: Order };

/**
 * Read, decide, write conditionally on the version read; on a lost race read again and decide again.
 * The decision sees the latest state, so a cancel racing the fulfilment worker ends consistent whichever
 * commits first.
 */
export async function transitionOrder(deps: TransitionDeps, orderId: string, decide: (order: Order | undefined) => Decision | Promise<Decision>): Promise<Order> {
  let throttled = 0;
  for (let attempt = 0; attempt < MAX_CONTENTION_ATTEMPTS; attempt++) {
    if (attempt > 0) await backoff(deps.runtime, attempt);
    const current = await deps.orders.get(orderId);
    const decision = await decide(current);
    if ('done' in decision) return decision.done;
    const outcome = await deps.orders.apply(current as Order, decision.transition);
    if (outcome.kind === 'applied') return decision.transition.next;
    if (outcome.kind === 'throttled') {
      if (++throttled > MAX_THROTTLED_ATTEMPTS) throw rateLimited();
      await backoff(deps.runtime, attempt + 3, 20, 1000);
    }
  }
  throw rateLimited('This order is changing too often, retry shortly');
}

/**
 * POST /v1/orders/{orderId}/cancel: its buyer only; restores stock in the same transaction. Where the
 * units go and whether the buyer's pin counter is released depend on what the shards and the counter
 * hold now, so they are read first; the writes are conditioned on what was read, and a change in
 * between means read and decide again.
 *
 * A paid order is refunded (refund PENDING; the refund queue takes it from the orders stream). An
 * unpaid order with an open trade is settled with the provider first: money that is already there
 * (its notification still on the way) makes it a paid order, refunded; otherwise the trade is closed so
 * that no money can arrive. When the provider cannot be reached the cancel still happens: a payment
 * that arrives afterwards is refunded when its notification comes (Alipay retries them for 25 hours).
 */
export async function cancelByBuyer(deps: CancelDeps, orderId: string, buyerId: string): Promise<Order> {
  const before = await deps.orders.get(orderId);
  if (!before || before.buyerId !== buyerId) throw notFound('Order');
  if (!canTransition(before.status, 'CANCELLED')) throw conflict(`An order in ${before.status} can no longer be cancelled`);
  const paidMeanwhile = before.status === 'PENDING_PAYMENT' && before.payment ? await settleOpenTrade(deps, before) : undefined;

  return transitionOrder(deps, orderId, async (order) => {
    if (!order || order.buyerId !== buyerId) throw notFound('Order');
    if (!canTransition(order.status, 'CANCELLED')) throw conflict(`An order in ${order.status} can no longer be cancelled`);
    const at = deps.runtime.now();
    const facts = await cancelFacts(deps, order);
    if (order.status === 'PENDING_PAYMENT' && paidMeanwhile) return { transition: cancelOrder(markPaid(order, paidMeanwhile.paidAt, at).next, at, facts) };
    return { transition: cancelOrder(order, at, facts) };
  });
}

/** Asks the provider about the order's trade before an unpaid cancel: paid → its payment time; else closes it. */
async function settleOpenTrade(deps: CancelDeps, order: Order): Promise<{ paidAt: string } | undefined> {
  const paymentId = order.payment!.paymentId;
  try {
    const trade = await withProviderRetries(deps.runtime, () => deps.payments.queryTrade(paymentId));
    if (isPaidTrade(trade) && trade.paidFen === order.totalFen) return { paidAt: trade.paidAt ?? deps.runtime.now() };
    await withProviderRetries(deps.runtime, () => deps.payments.closeTrade(paymentId));
  } catch (error) {
    logger.warn('Provider not reached before a cancel; a later payment is refunded on its notification', { orderId: order.orderId, error });
  }
  return undefined;
}

export async function cancelFacts(deps: ReleaseDeps, order: Order): Promise<CancelFacts> {
  const taken = flashShardsTaken(order);
  const products = new Map(order.items.map((line) => [line.productId, line.pool.shards]));
  const [shards, buyerLimitUnits] = await Promise.all([
    Promise.all([...new Set(taken.map((t) => t.productId))].map(async (productId) => deps.stock.readShards(productId, products.get(productId) ?? 1))),
    order.buyerLimit ? deps.orders.buyerLimitUnits(order.buyerLimit.pinId, order.buyerId) : Promise.resolve(undefined),
  ]);
  const setAsideHolders = new Map<string, string | undefined>();
  for (const shard of shards.flat()) if (shard) setAsideHolders.set(shardRef(shard.productId, shard.shard), shard.flashPinId);
  return { setAsideHolders, buyerLimitUnits };
}

/** POST /v1/seller/orders/{orderId}/ship: its seller only. Repeating the same shipment is a no-op. */
export function shipBySeller(deps: TransitionDeps, orderId: string, sellerId: string, shipment: { carrier: string; trackingNumber: string }): Promise<Order> {
  return transitionOrder(deps, orderId, (order) => {
    if (!order || order.sellerId !== sellerId) throw notFound('Order');
    if (order.status === 'SHIPPED' && order.shipment?.carrier === shipment.carrier && order.shipment.trackingNumber === shipment.trackingNumber) {
      return { done: order };
    }
    if (!canTransition(order.status, 'SHIPPED')) throw conflict(`An order in ${order.status} cannot be shipped`);
    return { transition: shipOrder(order, shipment, deps.runtime.now()) };
  });
}

/** POST /v1/orders/{orderId}/confirm-delivery: its buyer, from SHIPPED. Confirming again is a no-op. */
export function confirmDelivery(deps: TransitionDeps, orderId: string, buyerId: string): Promise<Order> {
  return transitionOrder(deps, orderId, (order) => {
    if (!order || order.buyerId !== buyerId) throw notFound('Order');
    if (order.status === 'DELIVERED') return { done: order };
    if (!canTransition(order.status, 'DELIVERED')) throw conflict(`An order in ${order.status} cannot be confirmed delivered`);
    return { transition: deliverOrder(order, deps.runtime.now()) };
  });
}

export type FulfilmentResult = 'requested' | 'already-requested' | 'skipped';

export class OrderNotFoundError extends Error {
  override readonly name = 'OrderNotFoundError';
}

/**
 * The fulfilment worker's step, safe under redelivery: PAID → FULFILMENT_REQUESTED plus the shipment
 * request, once. An order already past PAID is acknowledged without a write; a cancelled one is skipped,
 * never revived (a cancel racing this step: whichever commits first, the other re-reads and yields).
 */
export async function requestFulfilmentOnce(deps: TransitionDeps, orderId: string): Promise<FulfilmentResult> {
  let result: FulfilmentResult = 'requested';
  await transitionOrder(deps, orderId, (order) => {
    // The stream only carries committed orders: a missing one is a poison message, left to the DLQ.
    if (!order) throw new OrderNotFoundError(`Order ${orderId} not found`);
    if (order.status === 'PAID') return { transition: requestFulfilment(order, deps.runtime.now()) };
    result = order.status === 'CANCELLED' || order.status === 'EXPIRED' || order.status === 'PENDING_PAYMENT' ? 'skipped' : 'already-requested';
    return { done: order };
  });
  return result;
}
