import { ApiError, conflict, idempotencyKeyReused, notFound, outOfStock, rateLimited, type ErrorDetail } from '../../core/errors';
import { firstAttempt, StockHints } from '../domain/allocation';
import { orderIdFor, requestHash } from '../domain/idempotency';
import { payByFor, type BuyerLimitUse, type Order, type ShippingAddress, type StockPool, type StockTake } from '../domain/order';
import { orderTotal, pinAppliesTo, priceLine, unitCount, type PricedLine, type PricingPin, type PricingProduct } from '../domain/pricing';
import { assessLine, saleWrites, sellableShards, type LineAssessment } from '../domain/stock-plan';
import type { CatalogReader, OrderShardWrite, OrderStore, Runtime } from './ports';
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

// A transaction holds at most 100 items: the order, the buyer's pin counter and the stock writes.
const MAX_STOCK_ITEMS = 98;

/** What the catalog says, as this request sees it: from the instance's cache first, read fresh after a write showed it behind. */
interface CatalogView {
  products: Map<string, PricingProduct>;
  pin: PricingPin | undefined;
}

/** Lines priced, with the shard writes that sell them; or why the order cannot be placed. */
type Plan = { lines: PricedLine[]; takes: StockTake[][]; writes: OrderShardWrite[] } | { refusal: ApiError };

/**
 * POST /v1/orders. Nothing is reserved unless the whole order commits: the stock writes (each
 * conditional on the units and on the offer the line was priced from), the order put (conditional on
 * its id, which derives from the Idempotency-Key) and the per-buyer pin counter go in one DynamoDB
 * transaction.
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

  const productIds = request.items.map((item) => item.productId);
  const [sellerCountyCode, products, pin] = await Promise.all([
    catalog.sellerCountyCode(request.sellerId),
    catalog.orderableProducts(request.sellerId, productIds),
    catalog.currentPin(request.sellerId),
  ]);
  if (sellerCountyCode === undefined) return refuse(notFound('Seller'));
  const missing = request.items.find((item) => !products.has(item.productId));
  if (missing) return refuse(notFound(`Product ${missing.productId}`));

  const now = runtime.now();
  const nowMs = Date.parse(now);
  let view: CatalogView = { products, pin };
  let refreshed = false;
  /** Lines whose pin's set-aside could not cover them: they sell at the regular price. */
  const flashExhausted = new Set<number>();
  const price = (index: number) => {
    const item = request.items[index]!;
    return priceLine(view.products.get(item.productId)!, item.quantity, view.pin, now, flashExhausted.has(index));
  };
  const priceAll = () => request.items.map((_, index) => price(index));

  /** The optimistic first try: each line from one random shard, nothing read. */
  const firstTry = (): Plan => {
    const lines = priceAll();
    const takes = lines.map((line) => firstAttempt(line.pool.shards, line.quantity, runtime.random, hints.shortShards(poolName(line.pool), line.quantity)));
    return { lines, takes, writes: lines.flatMap((line, index) => saleWrites(line, takes[index]!, undefined, nowMs).map((write) => ({ ...write, line: index }))) };
  };

  /**
   * After a failed stock condition (or when the stock looked short): read every shard of every line and
   * plan again from what is there. A flash line its pin's set-aside cannot cover falls back to the
   * regular price. When a write showed the cached offer to be gone (product hidden, archived or
   * repriced, pin replaced or removed), the catalog is read fresh once: a product that is no longer
   * orderable is a 404, a regular price that changed is a 409, and a line is never sold at the old terms.
   */
  const planFromShards = async (): Promise<Plan> => {
    for (;;) {
      const shardsOf = new Map(
        await Promise.all(
          [...new Set(productIds)].map(async (productId) => [productId, await catalog.readShards(productId, view.products.get(productId)!.stockShards)] as const),
        ),
      );
      const lines = priceAll();
      const assessments = lines.map((line, index): LineAssessment => {
        const shards = shardsOf.get(line.productId)!;
        hints.remember(poolName(line.pool), sellableShards(line, shards, nowMs));
        const assessment = assessLine(line, shards, nowMs, runtime.random);
        if (assessment.kind !== 'short' || line.pool.kind !== 'FLASH') return assessment;
        flashExhausted.add(index);
        const regular = (lines[index] = price(index));
        hints.remember(poolName(regular.pool), sellableShards(regular, shards, nowMs));
        const fallback = assessLine(regular, shards, nowMs, runtime.random);
        return fallback.kind === 'short' ? { kind: 'short', available: Math.max(fallback.available, assessment.available) } : fallback;
      });

      if (assessments.some((assessment) => assessment.kind === 'offerChanged')) {
        if (refreshed) return { refusal: conflict('The catalog changed while this order was placed; retry') };
        refreshed = true;
        const refusal = await refresh(lines);
        if (refusal) return { refusal };
        continue;
      }
      const short = assessments.flatMap((assessment, index): ErrorDetail[] =>
        assessment.kind === 'short' ? [{ productId: lines[index]!.productId, requested: lines[index]!.quantity, available: assessment.available }] : [],
      );
      if (short.length) return { refusal: outOfStock(short) };
      const planned = assessments.map((assessment) => (assessment.kind === 'planned' ? assessment : { takes: [], writes: [] }));
      const writes = planned.flatMap((plan, index) => plan.writes.map((write) => ({ ...write, line: index })));
      if (writes.length > MAX_STOCK_ITEMS) {
        return { refusal: conflict('The remaining stock is too scattered to fill this order in one go; order fewer units') };
      }
      return { lines, takes: planned.map((plan) => plan.takes), writes };
    }
  };

  /** Reads products and pin fresh; a refusal if a line can no longer be sold on the terms it was priced at. */
  const refresh = async (priced: readonly PricedLine[]): Promise<ApiError | undefined> => {
    const [freshProducts, freshPin] = await Promise.all([catalog.orderableProducts(request.sellerId, productIds, true), catalog.currentPin(request.sellerId, true)]);
    const gone = request.items.find((item) => !freshProducts.has(item.productId));
    if (gone) return notFound(`Product ${gone.productId}`);
    const repriced = priced.filter((line) => line.pool.kind === 'REGULAR' && freshProducts.get(line.productId)!.priceFen !== line.unitPriceFen);
    if (repriced.length) {
      return conflict(
        'The price changed since this product was shown; review the new price and order again',
        'CONFLICT',
        repriced.map((line) => ({ productId: line.productId, priceFen: freshProducts.get(line.productId)!.priceFen })),
      );
    }
    view = { products: freshProducts, pin: freshPin };
    flashExhausted.clear();
    return undefined;
  };

  const initialLimit = buyerLimitUse(request, view.pin, now);
  if (initialLimit && initialLimit.units > initialLimit.limit) return refuse(overLimit(initialLimit.limit));

  let plan = priceAll().some((line) => hints.looksShort(poolName(line.pool), line.quantity))
    ? await planFromShards() // Sold out a moment ago: read before writing, a refusal then costs no failed transaction.
    : firstTry();

  let throttled = 0;
  for (let attempt = 0; attempt < MAX_CONTENTION_ATTEMPTS; attempt++) {
    if ('refusal' in plan) return refuse(plan.refusal);
    const buyerLimit = buyerLimitUse(request, view.pin, now);
    if (buyerLimit && buyerLimit.units > buyerLimit.limit) return refuse(overLimit(buyerLimit.limit));
    if (attempt > 0) await backoff(runtime, attempt);
    const order = buildOrder({ orderId, buyerId, idempotencyKey, hash, request, sellerCountyCode, now, lines: plan.lines, takes: plan.takes, buyerLimit });
    const outcome = await orders.place(order, plan.writes);
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
      case 'stockShort':
        plan = await planFromShards();
        continue;
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

/** The order as placed (bench:orders' raw baseline writes the same). */
export function buildOrder(parts: {
  orderId: string;
  buyerId: string;
  idempotencyKey: string;
  hash: string;
  request: PlaceOrderRequest;
  sellerCountyCode: string;
  now: string;
  lines: PricedLine[];
  takes: StockTake[][];
  buyerLimit: BuyerLimitUse | undefined;
}): Order {
  const { request, now, lines } = parts;
  return {
    orderId: parts.orderId,
    buyerId: parts.buyerId,
    sellerId: request.sellerId,
    sellerCountyCode: parts.sellerCountyCode,
    status: 'PENDING_PAYMENT',
    items: lines.map((line, index) => ({ ...line, takes: parts.takes[index] ?? [] })),
    totalFen: orderTotal(lines),
    unitCount: unitCount(lines),
    shippingAddress: request.shippingAddress,
    ...(request.note !== undefined ? { note: request.note } : {}),
    createdAt: now,
    updatedAt: now,
    payBy: payByFor(now, lines),
    history: [{ status: 'PENDING_PAYMENT', at: now }],
    version: 1,
    idempotencyKey: parts.idempotencyKey,
    requestHash: parts.hash,
    ...(parts.buyerLimit ? { buyerLimit: parts.buyerLimit } : {}),
  };
}
