import type { ShardWrite } from '../../catalog/stock-moves';

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

/** Names a shard in `CancelFacts`. */
export const shardRef = (productId: string, shard: number) => `${productId}#${shard}`;

/** The shards a cancel must look at first: those the order's flash lines took units from. */
export const flashShardsTaken = (order: Pick<Order, 'items'>) =>
  order.items.flatMap((line) => (line.pool.kind === 'FLASH' ? line.takes.map((take) => ({ productId: line.productId, shard: take.shard })) : []));

/** What a cancel depends on besides the order, read just before it is decided. */
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

/**
 * Cancels: every unit back (see `restoreWrites`), the buyer's pin allowance back while its counter still
 * counts this order (a counter that TTL removed, or that was recreated without it, is left alone), and
 * the shipment request closed.
 */
export function cancelOrder(order: Order, at: string, facts: CancelFacts): Transition {
  const wasRequested = order.status === 'FULFILMENT_REQUESTED';
  const next = advance(order, 'CANCELLED', at);
  const effects: TransitionEffect[] = [{ kind: 'moveStock', writes: restoreWrites(order, facts.setAsideHolders) }];
  if (order.buyerLimit && facts.buyerLimitUnits !== undefined && facts.buyerLimitUnits >= order.buyerLimit.units) {
    effects.push({ kind: 'releaseBuyerLimit', use: order.buyerLimit });
  }
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
