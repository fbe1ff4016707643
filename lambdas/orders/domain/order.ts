/**
 * The order aggregate and its state machine. Pure: no AWS import. A transition returns the next order
 * and the side effects that must commit atomically with it; the store turns both into one transaction.
 */
export type OrderStatus = 'PLACED' | 'FULFILMENT_REQUESTED' | 'SHIPPED' | 'DELIVERED' | 'CANCELLED';

export const ORDER_STATUSES = ['PLACED', 'FULFILMENT_REQUESTED', 'SHIPPED', 'DELIVERED', 'CANCELLED'] as const satisfies readonly OrderStatus[];

const allowed: Record<OrderStatus, readonly OrderStatus[]> = {
  PLACED: ['FULFILMENT_REQUESTED', 'CANCELLED'],
  FULFILMENT_REQUESTED: ['SHIPPED', 'CANCELLED'],
  SHIPPED: ['DELIVERED'],
  DELIVERED: [],
  CANCELLED: [],
};

export interface HistoryEntry {
  status: OrderStatus;
  at: string;
}

/** Where a line's units were taken from: the regular stock of a product or a flash pin's stock. */
export interface StockPool {
  kind: 'REGULAR' | 'FLASH';
  /** productId for REGULAR, pinId for FLASH. */
  id: string;
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
  history: HistoryEntry[];
  /** Optimistic concurrency: every transition is conditional on the version it read. */
  version: number;
  idempotencyKey: string;
  requestHash: string;
  buyerLimit?: BuyerLimitUse;
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
  | { kind: 'restoreStock'; lines: readonly OrderLine[] }
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
    readonly to: OrderStatus,
  ) {
    super(`An order in ${from} cannot become ${to}`);
  }
}

export const canTransition = (from: OrderStatus, to: OrderStatus) => allowed[from].includes(to);

function advance(order: Order, to: OrderStatus, at: string, changes: Partial<Order> = {}): Order {
  if (!canTransition(order.status, to)) throw new InvalidTransitionError(order.status, to);
  return { ...order, ...changes, status: to, updatedAt: at, history: [...order.history, { status: to, at }], version: order.version + 1 };
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

export function cancelOrder(order: Order, at: string): Transition {
  const wasRequested = order.status === 'FULFILMENT_REQUESTED';
  const next = advance(order, 'CANCELLED', at);
  const effects: TransitionEffect[] = [{ kind: 'restoreStock', lines: order.items }];
  if (order.buyerLimit) effects.push({ kind: 'releaseBuyerLimit', use: order.buyerLimit });
  if (wasRequested) effects.push({ kind: 'closeShipmentRequest', status: 'CANCELLED', at });
  return { next, effects };
}

export function shipOrder(order: Order, shipment: { carrier: string; trackingNumber: string }, at: string): Transition {
  const next = advance(order, 'SHIPPED', at, { shipment: { ...shipment, shippedAt: at } });
  return { next, effects: [{ kind: 'closeShipmentRequest', status: 'SHIPPED', at }] };
}

export const isParty = (order: Pick<Order, 'buyerId' | 'sellerId'>, userId: string) =>
  order.buyerId === userId || order.sellerId === userId;

/** The order as the API shows it: no stock bookkeeping, no idempotency internals. */
export function orderView(order: Order) {
  return {
    orderId: order.orderId,
    buyerId: order.buyerId,
    sellerId: order.sellerId,
    sellerCountyCode: order.sellerCountyCode,
    status: order.status,
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
  const view = orderView(order);
  const { shipment: _shipment, ...rest } = view as OrderView & { shipment?: Shipment };
  return { ...rest, status: 'PLACED', updatedAt: order.createdAt, history: [{ status: 'PLACED', at: order.createdAt }] };
}
