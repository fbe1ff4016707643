import { orderTimer, type Order, type OrderTimerKind } from '../../lambdas/orders/domain/order';
import type { OrderStore, TransitionOutcome } from '../../lambdas/orders/use-cases/ports';

/**
 * The orders port in memory, for use-case tests: `apply` is conditional on the version like the
 * DynamoDB store (a stale transition is refused and nothing of it is kept), and effects are recorded
 * so that a test can check what committed. `beforeApply` lets a test slip a racing write in between a
 * use case's read and its write.
 */
export class MemoryOrderStore implements OrderStore {
  readonly orders = new Map<string, Order>();
  readonly committed: { orderId: string; from: Order['status']; to: Order['status']; effects: string[] }[] = [];
  beforeApply: ((current: Order) => Promise<void>) | undefined;

  put(order: Order): void {
    this.orders.set(order.orderId, structuredClone(order));
  }

  async place(order: Order) {
    if (this.orders.has(order.orderId)) return { kind: 'exists' as const };
    this.put(order);
    return { kind: 'placed' as const };
  }

  async get(orderId: string) {
    const order = this.orders.get(orderId);
    return order ? structuredClone(order) : undefined;
  }

  async apply(current: Order, transition: { next: Order; effects: { kind: string }[] }): Promise<TransitionOutcome> {
    const hook = this.beforeApply;
    this.beforeApply = undefined;
    await hook?.(current);
    const stored = this.orders.get(current.orderId);
    if (!stored || stored.version !== current.version) return { kind: 'stale' };
    this.orders.set(current.orderId, structuredClone(transition.next));
    this.committed.push({ orderId: current.orderId, from: current.status, to: transition.next.status, effects: transition.effects.map((effect) => effect.kind) });
    return { kind: 'applied' };
  }

  async listForBuyer() {
    return { items: [], nextCursor: null };
  }

  async listForSeller() {
    return { items: [], nextCursor: null };
  }

  async buyerLimitUnits() {
    return undefined;
  }

  async dueOrders(kind: OrderTimerKind, at: string) {
    return [...this.orders.values()].flatMap((order) => {
      const timer = orderTimer(order);
      return timer?.kind === kind && timer.dueAt <= at ? [order.orderId] : [];
    });
  }
}
