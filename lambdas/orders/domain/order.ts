import type { ShardWrite } from '../../catalog/stock-moves';

/**
 * The order aggregate and its state machine. Pure: no AWS import. A transition returns the next order
 * and the side effects that must commit atomically with it; the store turns both into one transaction,
 * conditional on the version the transition was computed from.
 *
 *   PENDING_PAYMENT → PAID → FULFILMENT_REQUESTED → SHIPPED → DELIVERED
 *   PENDING_PAYMENT → EXPIRED                       (unpaid at payBy; stock returned)
 *   PENDING_PAYMENT | PAID | FULFILMENT_REQUESTED → CANCELLED   (its buyer; refunded when paid)
 */
export type OrderStatus = 'PENDING_PAYMENT' | 'PAID' | 'FULFILMENT_REQUESTED' | 'SHIPPED' | 'DELIVERED' | 'EXPIRED' | 'CANCELLED';

export const ORDER_STATUSES = [
  'PENDING_PAYMENT',
  'PAID',
  'FULFILMENT_REQUESTED',
  'SHIPPED',
  'DELIVERED',
  'EXPIRED',
  'CANCELLED',
] as const satisfies readonly OrderStatus[];

const allowed: Record<OrderStatus, readonly OrderStatus[]> = {
  PENDING_PAYMENT: ['PAID', 'EXPIRED', 'CANCELLED'],
  PAID: ['FULFILMENT_REQUESTED', 'CANCELLED'],
  FULFILMENT_REQUESTED: ['SHIPPED', 'CANCELLED'],
  SHIPPED: ['DELIVERED'],
  DELIVERED: [],
  EXPIRED: [],
  CANCELLED: [],
};

/** States whose order counts as sold: paid and not cancelled (what the reports count). */
export const PAID_STATUSES = ['PAID', 'FULFILMENT_REQUESTED', 'SHIPPED', 'DELIVERED'] as const satisfies readonly OrderStatus[];

const MINUTE_MS = 60_000;
/** How long a buyer has to pay: 15 minutes, 5 when any line is at a flash price (its units are scarce). */
export const PAY_WITHIN_MS = 15 * MINUTE_MS;
export const FLASH_PAY_WITHIN_MS = 5 * MINUTE_MS;
/** A PAID order that has not reached FULFILMENT_REQUESTED this long after payment is reported (metric + alarm). */
export const FULFILMENT_LAG_MS = 15 * MINUTE_MS;
/** A SHIPPED order becomes DELIVERED by itself this long after shipping. */
export const AUTO_DELIVERY_AFTER_MS = 10 * 24 * 60 * MINUTE_MS;

const plus = (iso: string, ms: number) => new Date(Date.parse(iso) + ms).toISOString();

/** The instant an order placed at `createdAt` with these lines must be paid by. */
export const payByFor = (createdAt: string, lines: readonly { pool: { kind: 'REGULAR' | 'FLASH' } }[]) =>
  plus(createdAt, lines.some((line) => line.pool.kind === 'FLASH') ? FLASH_PAY_WITHIN_MS : PAY_WITHIN_MS);

export interface HistoryEntry {
  status: OrderStatus;
  at: string;
}

/**
 * Which units of the product's shards a line sells: the ones not set aside (REGULAR, at the product's
 * price) or the ones a flash pin set aside (FLASH, at the pin's price).
 */
export interface StockPool {
  kind: 'REGULAR' | 'FLASH';
  /** productId for REGULAR, pinId for FLASH. */
  id: string;
  /** The product's shard count. */
  shards: number;
}

export interface StockTake {
  shard: number;
  quantity: number;
}

export interface OrderLine {
  productId: string;
  title: string;
  unitPriceFen: number;
  quantity: number;
  lineTotalFen: number;
  pool: StockPool;
  /** The exact shard decrements of this line: cancel restores these and nothing else. */
  takes: StockTake[];
}

export interface ShippingAddress {
  name: string;
  phone: string;
  countyCode: string;
  detail: string;
}

export interface Shipment {
  carrier: string;
  trackingNumber: string;
  shippedAt: string;
}

/** Units of the pinned product this order counts against the pin's per-buyer limit. */
export interface BuyerLimitUse {
  pinId: string;
  units: number;
  /** The pin's perBuyerLimit when the order was placed. */
  limit: number;
  /** When the counter may be forgotten (after the pin's window). */
  expiresAt: string;
}

/** The provider trade opened for the order (one per order: its id derives from the order's). */
export interface OrderPayment {
  paymentId: string;
  provider: 'alipay';
  amountFen: number;
  payUrl: string;
  expiresAt: string;
  createdAt: string;
}

/**
 * Money going back to the buyer: for a paid order that was cancelled, or for money that arrived after
 * the order had expired or was cancelled. PENDING until the provider confirmed the refund.
 */
export interface OrderRefund {
  status: 'PENDING' | 'SUCCEEDED';
  amountFen: number;
  reason: 'CANCELLED' | 'LATE_PAYMENT';
  requestedAt: string;
  succeededAt?: string;
}

export interface Order {
  orderId: string;
  buyerId: string;
  sellerId: string;
  sellerCountyCode: string;
  status: OrderStatus;
  items: OrderLine[];
  totalFen: number;
  unitCount: number;
  shippingAddress: ShippingAddress;
  note?: string;
  createdAt: string;
  updatedAt: string;
  /** When an unpaid order expires. */
  payBy: string;
  history: HistoryEntry[];
  /** Optimistic concurrency: every transition is conditional on the version it read. */
  version: number;
  idempotencyKey: string;
  requestHash: string;
  buyerLimit?: BuyerLimitUse;
  payment?: OrderPayment;
  /** The provider's payment time (Alipay gmt_payment): reports count the order on this day. */
  paidAt?: string;
  refund?: OrderRefund;
  shipment?: Shipment;
}

export interface ShipmentRequest {
  orderId: string;
  sellerId: string;
  buyerId: string;
  items: { productId: string; title: string; quantity: number }[];
  shippingAddress: ShippingAddress;
  requestedAt: string;
  status: 'OPEN' | 'SHIPPED' | 'CANCELLED';
  updatedAt: string;
}

/** What must commit in the same transaction as a transition. */
export type TransitionEffect =
  | { kind: 'moveStock'; writes: readonly ShardWrite[] }
  | { kind: 'releaseBuyerLimit'; use: BuyerLimitUse }
  | { kind: 'recordShipmentRequest'; request: ShipmentRequest }
  | { kind: 'closeShipmentRequest'; status: 'SHIPPED' | 'CANCELLED'; at: string };

export interface Transition {
  next: Order;
  effects: TransitionEffect[];
}

export class InvalidTransitionError extends Error {
  override readonly name = 'InvalidTransitionError';
  constructor(
    readonly from: OrderStatus,
    readonly to: OrderStatus | 'REFUND' | 'PAYMENT',
  ) {
    super(`An order in ${from} cannot become ${to}`);
  }
}

export const canTransition = (from: OrderStatus, to: OrderStatus) => allowed[from].includes(to);

/** The order has been paid (whatever happened since): cancelling it means a refund. */
export const isPaid = (order: Pick<Order, 'paidAt'>) => order.paidAt !== undefined;

function advance(order: Order, to: OrderStatus, at: string, changes: Partial<Order> = {}): Order {
  if (!canTransition(order.status, to)) throw new InvalidTransitionError(order.status, to);
  return { ...order, ...changes, status: to, updatedAt: at, history: [...order.history, { status: to, at }], version: order.version + 1 };
}

/** A change that keeps the status (payment opened, refund state): still one conditional write, no history entry. */
function amend(order: Order, at: string, changes: Partial<Order>): Order {
  return { ...order, ...changes, updatedAt: at, version: order.version + 1 };
}

/** Records the trade opened for an unpaid order. */
export function attachPayment(order: Order, payment: OrderPayment): Transition {
  if (order.status !== 'PENDING_PAYMENT') throw new InvalidTransitionError(order.status, 'PAYMENT');
  return { next: amend(order, payment.createdAt, { payment }), effects: [] };
}

/** The provider says the money is in: PENDING_PAYMENT → PAID. `paidAt` is the provider's payment time. */
export function markPaid(order: Order, paidAt: string, at: string): Transition {
  return { next: advance(order, 'PAID', at, { paidAt }), effects: [] };
}

/**
 * Money arrived for an order that will not ship (EXPIRED, or CANCELLED before it was paid): it goes
 * back. At most one refund per order: its trade can only be paid once.
 */
export function refundLatePayment(order: Order, amountFen: number, at: string): Transition {
  if ((order.status !== 'EXPIRED' && order.status !== 'CANCELLED') || order.refund) throw new InvalidTransitionError(order.status, 'REFUND');
  return { next: amend(order, at, { refund: { status: 'PENDING', amountFen, reason: 'LATE_PAYMENT', requestedAt: at } }), effects: [] };
}

/** The provider confirmed the refund. */
export function refundSucceeded(order: Order, at: string): Transition {
  if (order.refund?.status !== 'PENDING') throw new InvalidTransitionError(order.status, 'REFUND');
  return { next: amend(order, at, { refund: { ...order.refund, status: 'SUCCEEDED', succeededAt: at } }), effects: [] };
}

export function requestFulfilment(order: Order, at: string): Transition {
  const next = advance(order, 'FULFILMENT_REQUESTED', at);
  const request: ShipmentRequest = {
    orderId: order.orderId,
    sellerId: order.sellerId,
    buyerId: order.buyerId,
    items: order.items.map(({ productId, title, quantity }) => ({ productId, title, quantity })),
    shippingAddress: order.shippingAddress,
    requestedAt: at,
    status: 'OPEN',
    updatedAt: at,
  };
  return { next, effects: [{ kind: 'recordShipmentRequest', request }] };
}

/** Names a shard in `CancelFacts`. */
export const shardRef = (productId: string, shard: number) => `${productId}#${shard}`;

/** The shards a cancel must look at first: those the order's flash lines took units from. */
export const flashShardsTaken = (order: Pick<Order, 'items'>) =>
  order.items.flatMap((line) => (line.pool.kind === 'FLASH' ? line.takes.map((take) => ({ productId: line.productId, shard: take.shard })) : []));

/** What a cancel (or an expiry) depends on besides the order, read just before it is decided. */
export interface CancelFacts {
  /** For each shard in `flashShardsTaken` (by `shardRef`): the pin whose set-aside it holds now, if any. */
  setAsideHolders: ReadonlyMap<string, string | undefined>;
  /** The buyer's counter for the order's pin, if it still exists: DynamoDB's TTL deletes it after the pin. */
  buyerLimitUnits: number | undefined;
}

/**
 * Where each unit the order took goes back: a flash unit to its pin's set-aside while the shard still
 * holds it (the pin is still on), otherwise, like every regular unit, to the product.
 */
export function restoreWrites(order: Pick<Order, 'items'>, holders: CancelFacts['setAsideHolders']): ShardWrite[] {
  return order.items.flatMap((line) =>
    line.takes.map((take): ShardWrite => {
      const backToPin = line.pool.kind === 'FLASH' && holders.get(shardRef(line.productId, take.shard)) === line.pool.id;
      return {
        productId: line.productId,
        shard: take.shard,
        move: backToPin ? { kind: 'restoreFlash', quantity: take.quantity, pinId: line.pool.id } : { kind: 'restoreRegular', quantity: take.quantity },
      };
    }),
  );
}

/** Stock and the buyer's pin allowance back: what cancel and expiry both commit with the order. */
function releaseEffects(order: Order, facts: CancelFacts): TransitionEffect[] {
  const effects: TransitionEffect[] = [{ kind: 'moveStock', writes: restoreWrites(order, facts.setAsideHolders) }];
  // A counter that TTL removed, or that was recreated without this order, is left alone.
  if (order.buyerLimit && facts.buyerLimitUnits !== undefined && facts.buyerLimitUnits >= order.buyerLimit.units) {
    effects.push({ kind: 'releaseBuyerLimit', use: order.buyerLimit });
  }
  return effects;
}

/**
 * Cancels: every unit back (see `restoreWrites`), the buyer's pin allowance back, the shipment request
 * closed, and a paid order's money refunded in full (PENDING: the refund queue takes it from the stream).
 */
export function cancelOrder(order: Order, at: string, facts: CancelFacts): Transition {
  const wasRequested = order.status === 'FULFILMENT_REQUESTED';
  const refund: OrderRefund | undefined = isPaid(order) ? { status: 'PENDING', amountFen: order.totalFen, reason: 'CANCELLED', requestedAt: at } : undefined;
  const next = advance(order, 'CANCELLED', at, refund ? { refund } : {});
  const effects = releaseEffects(order, facts);
  if (wasRequested) effects.push({ kind: 'closeShipmentRequest', status: 'CANCELLED', at });
  return { next, effects };
}

/** Unpaid when `payBy` passed: PENDING_PAYMENT → EXPIRED, with the same stock moves as a cancel. */
export function expireOrder(order: Order, at: string, facts: CancelFacts): Transition {
  if (Date.parse(at) < Date.parse(order.payBy)) throw new RangeError(`Order ${order.orderId} is payable until ${order.payBy}`);
  return { next: advance(order, 'EXPIRED', at), effects: releaseEffects(order, facts) };
}

export function shipOrder(order: Order, shipment: { carrier: string; trackingNumber: string }, at: string): Transition {
  const next = advance(order, 'SHIPPED', at, { shipment: { ...shipment, shippedAt: at } });
  return { next, effects: [{ kind: 'closeShipmentRequest', status: 'SHIPPED', at }] };
}

/** SHIPPED → DELIVERED: the buyer confirmed, or the order has been shipped for AUTO_DELIVERY_AFTER_MS. */
export function deliverOrder(order: Order, at: string): Transition {
  return { next: advance(order, 'DELIVERED', at), effects: [] };
}

/** When the order entered its current status (its last history entry). */
export const enteredStatusAt = (order: Pick<Order, 'history'>) => order.history.at(-1)!.at;

/**
 * The deadline the order is waiting on in its current status, for the sparse timer index the
 * scheduled sweeps read: payment (expiry), fulfilment (lag check), delivery (automatic). None otherwise.
 */
export type OrderTimerKind = 'EXPIRY' | 'FULFILMENT_LAG' | 'AUTO_DELIVERY';
export interface OrderTimer {
  kind: OrderTimerKind;
  dueAt: string;
}

export function orderTimer(order: Pick<Order, 'status' | 'payBy' | 'history' | 'shipment'>): OrderTimer | undefined {
  switch (order.status) {
    case 'PENDING_PAYMENT':
      return { kind: 'EXPIRY', dueAt: order.payBy };
    case 'PAID':
      return { kind: 'FULFILMENT_LAG', dueAt: plus(enteredStatusAt(order), FULFILMENT_LAG_MS) };
    case 'SHIPPED':
      return { kind: 'AUTO_DELIVERY', dueAt: plus(order.shipment?.shippedAt ?? enteredStatusAt(order), AUTO_DELIVERY_AFTER_MS) };
    default:
      return undefined;
  }
}

export const isParty = (order: Pick<Order, 'buyerId' | 'sellerId'>, userId: string) =>
  order.buyerId === userId || order.sellerId === userId;

/** The payment as the API shows it. */
export const paymentView = (order: Pick<Order, 'orderId'>, payment: OrderPayment) => ({
  paymentId: payment.paymentId,
  orderId: order.orderId,
  provider: payment.provider,
  amountFen: payment.amountFen,
  payUrl: payment.payUrl,
  expiresAt: payment.expiresAt,
});

/** The order as the API shows it: no stock bookkeeping, no idempotency internals. */
export function orderView(order: Order) {
  return {
    orderId: order.orderId,
    buyerId: order.buyerId,
    sellerId: order.sellerId,
    sellerCountyCode: order.sellerCountyCode,
    status: order.status,
    payBy: order.payBy,
    items: order.items.map(({ productId, title, unitPriceFen, quantity, lineTotalFen }) => ({
      productId,
      title,
      unitPriceFen,
      quantity,
      lineTotalFen,
    })),
    totalFen: order.totalFen,
    unitCount: order.unitCount,
    shippingAddress: order.shippingAddress,
    ...(order.note !== undefined ? { note: order.note } : {}),
    createdAt: order.createdAt,
    updatedAt: order.updatedAt,
    history: order.history,
    ...(order.paidAt !== undefined ? { paidAt: order.paidAt } : {}),
    ...(order.refund ? { refund: { status: order.refund.status, amountFen: order.refund.amountFen } } : {}),
    ...(order.shipment ? { shipment: order.shipment } : {}),
  };
}
export type OrderView = ReturnType<typeof orderView>;

/**
 * The response to the placing request. A replay of the same Idempotency-Key returns exactly this, built
 * from fields that never change, so every duplicate gets a byte-identical body even if the order has
 * moved on since (GET the order for its current state).
 */
export function placementView(order: Order): OrderView {
  const { shipment: _shipment, paidAt: _paidAt, refund: _refund, ...rest } = orderView(order) as OrderView & { shipment?: Shipment; paidAt?: string; refund?: unknown };
  return { ...rest, status: 'PENDING_PAYMENT', updatedAt: order.createdAt, history: [{ status: 'PENDING_PAYMENT', at: order.createdAt }] };
}
