import { conflict, idempotencyKeyReused, notFound, outOfStock, rateLimited, type ErrorDetail } from '../../core/errors';
import { allocate, firstAttempt, StockHints, totalAvailable } from '../domain/allocation';
import { orderIdFor, requestHash } from '../domain/idempotency';
import type { BuyerLimitUse, Order, ShippingAddress, StockPool, StockTake } from '../domain/order';
import { orderTotal, pinAppliesTo, priceLine, unitCount, type PricedLine, type PricingPin, type PricingProduct } from '../domain/pricing';
import type { CatalogReader, OrderStore, Runtime } from './ports';
import { backoff, MAX_CONTENTION_ATTEMPTS, MAX_THROTTLED_ATTEMPTS } from './retry';

export interface PlaceOrderRequest {
  sellerId: string;
  items: { productId: string; quantity: number }[];
  shippingAddress: ShippingAddress;
  note?: string | undefined;
}

export interface PlaceOrderInput {
  buyerId: string;
  idempotencyKey: string;
  request: PlaceOrderRequest;
}

export interface PlaceOrderResult {
  order: Order;
  replayed: boolean;
}

export interface PlaceOrderDeps {
  catalog: CatalogReader;
  orders: OrderStore;
  runtime: Runtime;
  /** Per instance (module scope in Lambda). */
  hints?: StockHints;
}

const poolName = (pool: StockPool) => `${pool.kind}#${pool.id}`;

// A transaction holds at most 100 items: the order, the buyer's pin counter and the stock decrements.
const MAX_STOCK_ITEMS = 98;

/**
 * POST /v1/orders. Nothing is reserved unless the whole order commits: stock decrements (conditional),
 * the order put (conditional on its id, which derives from the Idempotency-Key) and the per-buyer pin
 * counter go in one DynamoDB transaction.
 */
export async function placeOrder(deps: PlaceOrderDeps, input: PlaceOrderInput): Promise<PlaceOrderResult> {
  const { catalog, orders, runtime } = deps;
  const hints = deps.hints ?? new StockHints();
  const { buyerId, idempotencyKey, request } = input;
  const orderId = orderIdFor(buyerId, idempotencyKey);
  const hash = requestHash(request);

  /** The order this key already made, or a 422 if it was made from another request. */
  const earlier = async (): Promise<PlaceOrderResult | undefined> => {
    const existing = await orders.get(orderId);
    if (!existing) return undefined;
    if (existing.buyerId !== buyerId || existing.requestHash !== hash) throw idempotencyKeyReused();
    return { order: existing, replayed: true };
  };
  // Every refusal checks for an earlier order first: a retry must replay even once the stock is gone.
  const refuse = async (error: Error): Promise<PlaceOrderResult> => {
    const replay = await earlier();
    if (replay) return replay;
    throw error;
  };

  const [sellerCountyCode, products, pin] = await Promise.all([
    catalog.sellerCountyCode(request.sellerId),
    catalog.orderableProducts(request.sellerId, request.items.map((item) => item.productId)),
    catalog.currentPin(request.sellerId),
  ]);
  if (sellerCountyCode === undefined) return refuse(notFound('Seller'));
  const missing = request.items.find((item) => !products.has(item.productId));
  if (missing) return refuse(notFound(`Product ${missing.productId}`));

  const now = runtime.now();
  const buyerLimit = buyerLimitUse(request, pin, now);
  if (buyerLimit && buyerLimit.units > buyerLimit.limit) return refuse(overLimit(buyerLimit.limit));

  const flashExhausted = new Set<number>();
  const price = () =>
    request.items.map((item, index) => priceLine(products.get(item.productId) as PricingProduct, item.quantity, pin, now, flashExhausted.has(index)));
  let lines = price();
  let plans: StockTake[][];
  if (lines.some((line) => hints.looksShort(poolName(line.pool), line.quantity))) {
    // Sold out a moment ago: read before writing, a refusal then costs no failed transaction.
    const replan = await replanFromStock(catalog, hints, lines, runtime, (index) => {
      flashExhausted.add(index);
      return price()[index] as PricedLine;
    });
    if ('short' in replan) return refuse(outOfStock(replan.short));
    ({ lines, plans } = replan);
  } else {
    plans = lines.map((line) => firstAttempt(line.pool.shards, line.quantity, runtime.random, hints.shortShards(poolName(line.pool), line.quantity)));
  }

  let throttled = 0;
  for (let attempt = 0; attempt < MAX_CONTENTION_ATTEMPTS; attempt++) {
    if (attempt > 0) await backoff(runtime, attempt);
    const order = buildOrder({ orderId, buyerId, idempotencyKey, hash, request, sellerCountyCode, now, lines, plans, buyerLimit });
    const outcome = await orders.place(order);
    switch (outcome.kind) {
      case 'placed':
        order.items.forEach((line) => hints.took(poolName(line.pool), line.takes));
        return { order, replayed: false };
      case 'exists': {
        const replay = await earlier();
        if (replay) return replay;
        continue;
      }
      case 'limitExceeded':
        return refuse(overLimit(buyerLimit?.limit ?? 0));
      case 'throttled':
        if (++throttled > MAX_THROTTLED_ATTEMPTS) throw rateLimited();
        await backoff(runtime, attempt + 3, 20, 1000);
        continue;
      case 'contention':
        continue;
      case 'stockShort': {
        const replan = await replanFromStock(catalog, hints, lines, runtime, (index) => {
          flashExhausted.add(index);
          return price()[index] as PricedLine;
        });
        if ('short' in replan) return refuse(outOfStock(replan.short));
        lines = replan.lines;
        plans = replan.plans;
        continue;
      }
    }
  }
  // Every lost race meant another order took those units; a buyer who loses this many times is told to retry.
  throw rateLimited('This product is in high demand, retry shortly');
}

const overLimit = (limit: number) => conflict(`At most ${limit} of the pinned product per buyer during this pin`);

function buyerLimitUse(request: PlaceOrderRequest, pin: PricingPin | undefined, now: string): BuyerLimitUse | undefined {
  if (!pin || pin.perBuyerLimit === null) return undefined;
  const line = request.items.find((item) => pinAppliesTo(pin, item.productId, now));
  if (!line) return undefined;
  return { pinId: pin.pinId, units: line.quantity, limit: pin.perBuyerLimit, expiresAt: pin.endsAt };
}

/**
 * After a failed stock condition: read every shard of every line and plan again from what is there.
 * A flash line whose pin stock cannot cover it falls back to the regular price and stock.
 */
async function replanFromStock(
  catalog: CatalogReader,
  hints: StockHints,
  current: PricedLine[],
  runtime: Runtime,
  fallBackToRegular: (index: number) => PricedLine,
): Promise<{ lines: PricedLine[]; plans: StockTake[][] } | { short: ErrorDetail[] }> {
  const lines = [...current];
  const plans: StockTake[][] = [];
  const short: ErrorDetail[] = [];
  await Promise.all(
    lines.map(async (line, index) => {
      const read = async (pool: StockPool) => {
        const shards = await catalog.readPool(pool);
        hints.remember(poolName(pool), shards);
        return shards;
      };
      let shards = await read(line.pool);
      let plan = allocate(shards, line.quantity, runtime.random);
      let available = totalAvailable(shards);
      if (!plan && line.pool.kind === 'FLASH') {
        const regular = fallBackToRegular(index);
        lines[index] = regular;
        shards = await read(regular.pool);
        plan = allocate(shards, regular.quantity, runtime.random);
        available = Math.max(available, totalAvailable(shards));
      }
      if (plan) plans[index] = plan;
      else short.push({ productId: line.productId, requested: line.quantity, available });
    }),
  );
  if (short.length) {
    const order = new Map(current.map((line, index) => [line.productId, index]));
    return { short: short.sort((a, b) => (order.get(a.productId as string) ?? 0) - (order.get(b.productId as string) ?? 0)) };
  }
  if (plans.reduce((sum, plan) => sum + plan.length, 0) > MAX_STOCK_ITEMS) {
    throw conflict('The remaining stock is too scattered to fill this order in one go; order fewer units');
  }
  return { lines, plans };
}

function buildOrder(parts: {
  orderId: string;
  buyerId: string;
  idempotencyKey: string;
  hash: string;
  request: PlaceOrderRequest;
  sellerCountyCode: string;
  now: string;
  lines: PricedLine[];
  plans: StockTake[][];
  buyerLimit: BuyerLimitUse | undefined;
}): Order {
  const { request, now, lines } = parts;
  return {
    orderId: parts.orderId,
    buyerId: parts.buyerId,
    sellerId: request.sellerId,
    sellerCountyCode: parts.sellerCountyCode,
    status: 'PLACED',
    items: lines.map((line, index) => ({ ...line, takes: parts.plans[index] ?? [] })),
    totalFen: orderTotal(lines),
    unitCount: unitCount(lines),
    shippingAddress: request.shippingAddress,
    ...(request.note !== undefined ? { note: request.note } : {}),
    createdAt: now,
    updatedAt: now,
    history: [{ status: 'PLACED', at: now }],
    version: 1,
    idempotencyKey: parts.idempotencyKey,
    requestHash: parts.hash,
    ...(parts.buyerLimit ? { buyerLimit: parts.buyerLimit } : {}),
  };
}
