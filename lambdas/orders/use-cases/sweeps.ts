import { logger } from '../../core/observability';
import type { PaymentProvider } from '../../payments/payment-provider';
import { isPaidTrade, withProviderRetries } from '../../payments/provider-calls';
import { deliverOrder, expireOrder, markPaid, type Order } from '../domain/order';
import { cancelFacts, transitionOrder, type ReleaseDeps, type TransitionDeps } from './transitions';

/**
 * The scheduled sweeps over the sparse timer index (gsi4): expiry of unpaid orders, automatic delivery,
 * and the fulfilment lag check. Each reads only the orders whose deadline is due, never the table, and
 * re-reads every order before deciding (the index is eventually consistent).
 */

/** Orders looked at per shard and run: a backlog drains over the next runs instead of one long run. */
export const SWEEP_LIMIT_PER_SHARD = 100;
const CONCURRENCY = 8;

async function forEachLimited<T, R>(items: readonly T[], width: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await work(items[index]!);
      }
    }),
  );
  return results;
}

const tally = <K extends string>(results: readonly K[]) =>
  results.reduce<Partial<Record<K, number>>>((counts, result) => ({ ...counts, [result]: (counts[result] ?? 0) + 1 }), {});

export interface ExpiryDeps extends ReleaseDeps {
  payments: PaymentProvider;
}

/**
 * `expired`: stock returned. `paid`: the provider had the money (a lost notification), now PAID.
 * `deferred`: the provider could not be asked or the trade not closed; the next run tries again.
 * `skipped`: not due, or no longer PENDING_PAYMENT.
 */
export type ExpiryResult = 'expired' | 'paid' | 'deferred' | 'skipped';

/**
 * One unpaid order past payBy. The provider decides first: money already there makes it PAID, never
 * EXPIRED; otherwise the trade is closed (no money can arrive after), then the order expires with its
 * stock returned. A notification that commits PAID in between wins the version race: this re-reads and
 * yields. One that arrives after EXPIRED finds a closed order and its money is refunded.
 */
export async function expireIfUnpaid(deps: ExpiryDeps, orderId: string, at: string): Promise<ExpiryResult> {
  const before = await deps.orders.get(orderId);
  if (!isDue(before, at)) return 'skipped';
  let paidAt: string | undefined;
  if (before.payment) {
    const paymentId = before.payment.paymentId;
    try {
      const trade = await withProviderRetries(deps.runtime, () => deps.payments.queryTrade(paymentId));
      if (isPaidTrade(trade)) {
        if (trade.paidFen !== before.totalFen) {
          logger.error('Trade paid with another amount than the order total: left for ops', { orderId, paidFen: trade.paidFen });
          return 'deferred';
        }
        paidAt = trade.paidAt ?? at;
      } else {
        await withProviderRetries(deps.runtime, () => deps.payments.closeTrade(paymentId));
      }
    } catch (error) {
      logger.warn('Provider not reached before expiry; the next run tries again', { orderId, error });
      return 'deferred';
    }
  }
  let result: ExpiryResult = paidAt ? 'paid' : 'expired';
  await transitionOrder(deps, orderId, async (order) => {
    if (!isDue(order, at)) {
      result = 'skipped';
      return { done: order ?? before };
    }
    if (paidAt) return { transition: markPaid(order, paidAt, deps.runtime.now()) };
    return { transition: expireOrder(order, at, await cancelFacts(deps, order)) };
  });
  return result;
}

function isDue(order: Order | undefined, at: string): order is Order {
  return order !== undefined && order.status === 'PENDING_PAYMENT' && Date.parse(order.payBy) <= Date.parse(at);
}

/** Every unpaid order due at `at` (the sweep, every minute deployed; on demand locally). */
export async function expireDueOrders(deps: ExpiryDeps, at: string): Promise<Partial<Record<ExpiryResult, number>>> {
  const due = await deps.orders.dueOrders('EXPIRY', at, SWEEP_LIMIT_PER_SHARD);
  return tally(await forEachLimited(due, CONCURRENCY, (orderId) => expireIfUnpaid(deps, orderId, at)));
}

export type DeliveryResult = 'delivered' | 'skipped';

/** Orders SHIPPED for AUTO_DELIVERY_AFTER_MS become DELIVERED (the daily schedule). */
export async function deliverDueOrders(deps: TransitionDeps, at: string): Promise<Partial<Record<DeliveryResult, number>>> {
  const due = await deps.orders.dueOrders('AUTO_DELIVERY', at, SWEEP_LIMIT_PER_SHARD);
  const results = await forEachLimited(due, CONCURRENCY, async (orderId): Promise<DeliveryResult> => {
    const before = await deps.orders.get(orderId);
    if (before?.status !== 'SHIPPED') return 'skipped';
    let result: DeliveryResult = 'delivered';
    await transitionOrder(deps, orderId, (order) => {
      if (order?.status !== 'SHIPPED') {
        result = 'skipped';
        return { done: order ?? before };
      }
      return { transition: deliverOrder(order, at) };
    });
    return result;
  });
  return tally(results);
}

/**
 * PAID orders that have not reached FULFILMENT_REQUESTED within FULFILMENT_LAG_MS of being paid: the
 * outbox (stream → Pipe → queue → worker) is stuck somewhere. Counted, up to the sweep limit, for the
 * metric its alarm watches; the ids are logged for whoever answers it.
 */
export async function ordersStuckBeforeFulfilment(deps: Pick<TransitionDeps, 'orders'>, at: string): Promise<string[]> {
  const due = await deps.orders.dueOrders('FULFILMENT_LAG', at, SWEEP_LIMIT_PER_SHARD);
  const orders = await forEachLimited(due, CONCURRENCY, (orderId) => deps.orders.get(orderId));
  return orders.flatMap((order) => (order?.status === 'PAID' ? [order.orderId] : []));
}
