/**
 * `npm run bench:orders`: placing orders through the real handler code against DynamoDB Local, next to
 * a raw baseline in the same run (the ratio is what to compare across machines): the same transaction
 * with no handler around it, i.e. the same conditional shard write and a put of an order item of the
 * real shape, index keys included, both sides warmed up alike, and checked afterwards to have reached
 * the same result (every order stored in the same shape, every unit accounted for). Then an oversell
 * check under contention, and the write rate of the busiest partition key in a simulated 5,000 orders/s
 * flash sale, computed from the keys this allocation writes. Then `pay`: place → pay → PAID through
 * the create-payment and Alipay notify handlers (the real alipay-sdk adapter, its secret served by the
 * Alipay stand-in, notifications signed as the stand-in signs them), next to the store's raw
 * conditional PAID update on as many orders, checked to end alike. Prints one JSON object.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { batchGet } from '../lambdas/core/aws/batch-get';
import { currentPinKey, productKey, profileKey, type ProductItem } from '../lambdas/catalog/model';
import { HOT_PRODUCT_STOCK_SHARDS, newShardItem, splitStock, stockShardKey } from '../lambdas/catalog/stock-shards';
import { firstAttempt } from '../lambdas/orders/domain/allocation';
import { orderIdFor, requestHash } from '../lambdas/orders/domain/idempotency';
import { attachPayment, markPaid, type Order } from '../lambdas/orders/domain/order';
import { priceLine } from '../lambdas/orders/domain/pricing';
import { saleWrites } from '../lambdas/orders/domain/stock-plan';
import { decodeOrder } from '../lambdas/orders/item-decoders';
import { DAY_INDEX_SHARDS, dayIndexKeys, orderKey, orderListKeys, SELLER_INDEX_SHARDS } from '../lambdas/orders/model';
import { placeTransaction, transitionTransaction } from '../lambdas/orders/store/order-store';
import { buildOrder, type PlaceOrderRequest } from '../lambdas/orders/use-cases/place-order';
import { toAlipayTime } from '../lambdas/payments/alipay/shanghai-time';
import { paymentIdFor } from '../lambdas/payments/payment-ids';
import { alipayNotifyRoute, createPaymentRoute } from '../lambdas/payments/routes';
import { paymentSubject } from '../lambdas/payments/use-cases/create-payment';
import { tables } from '../lib/topology';
import { generateStandInKeys, startAlipayStandIn, tradeNotification, type AlipayStandInKeys } from '../local/alipay-standin';
import { startDynamoDbLocal } from '../local/emulators/dynamodb-local';
import { startFauxqsServer } from '../local/emulators/fauxqs';
import { localCredentials, localRegion } from '../local/emulators/local-aws';
import { lambdaContext } from '../local/lambda-context';
import { provisionTopology } from '../local/provision';

const ROUNDS = 2;
const PER_ROUND = Number(process.env.BENCH_ORDERS ?? 150);
const CONCURRENCY = 16;
const FLASH_STOCK = 100;
const FLASH_BUYERS = 300;
const SIMULATED_RATE = 5_000;
const PAY_ORDERS = Number(process.env.BENCH_PAY_ORDERS ?? 150);

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;

async function inParallel(count: number, width: number, task: (i: number) => Promise<void>) {
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < count) await task(next++);
  }));
}

const shippingAddress = { name: '张三', phone: '13800138000', countyCode: '110101', detail: '东城区某街道 1 号' };
const orderRequest = (sellerId: string, productId: string): PlaceOrderRequest => ({ sellerId, items: [{ productId, quantity: 1 }], shippingAddress });

function event(sellerId: string, productId: string, buyerId: string, idempotencyKey = `bench-${randomUUID()}`): APIGatewayProxyEventV2 {
  const now = new Date();
  return {
    version: '2.0',
    routeKey: 'POST /v1/orders',
    rawPath: '/v1/orders',
    rawQueryString: '',
    headers: { 'content-type': 'application/json', 'idempotency-key': idempotencyKey },
    requestContext: {
      accountId: '000000000000', apiId: 'bench', domainName: 'bench', domainPrefix: 'bench', requestId: randomUUID(), routeKey: 'POST /v1/orders',
      stage: '$default', time: now.toISOString(), timeEpoch: now.getTime(),
      http: { method: 'POST', path: '/v1/orders', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'bench' },
      authorizer: { jwt: { claims: { sub: buyerId, 'cognito:groups': '[buyers]', token_use: 'access' }, scopes: null } },
    } as APIGatewayProxyEventV2['requestContext'],
    isBase64Encoded: false,
    body: JSON.stringify(orderRequest(sellerId, productId)),
  };
}

/** An API Gateway (HTTP API) event for a payments route; `buyerId` adds the buyer's JWT claims. */
function routeEvent(route: { method: string; path: string }, path: string, options: { buyerId?: string; form?: string; pathParameters?: Record<string, string> }): APIGatewayProxyEventV2 {
  const now = new Date();
  const routeKey = `${route.method} ${route.path}`;
  return {
    version: '2.0',
    routeKey,
    rawPath: path,
    rawQueryString: '',
    headers: { 'content-type': options.form === undefined ? 'application/json' : 'application/x-www-form-urlencoded; charset=utf-8' },
    requestContext: {
      accountId: '000000000000', apiId: 'bench', domainName: 'bench', domainPrefix: 'bench', requestId: randomUUID(), routeKey,
      stage: '$default', time: now.toISOString(), timeEpoch: now.getTime(),
      http: { method: route.method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'bench' },
      ...(options.buyerId ? { authorizer: { jwt: { claims: { sub: options.buyerId, 'cognito:groups': '[buyers]', token_use: 'access' }, scopes: null } } } : {}),
    } as APIGatewayProxyEventV2['requestContext'],
    // As API Gateway delivers a form post: base64-encoded.
    isBase64Encoded: options.form !== undefined,
    ...(options.form === undefined ? {} : { body: Buffer.from(options.form).toString('base64') }),
    ...(options.pathParameters ? { pathParameters: options.pathParameters } : {}),
  };
}

/** Alipay's notification that the order's trade was paid at `paidAtMs`, signed with the stand-in's Alipay key as the stand-in signs it. */
function paidNotification(order: Order, keys: AlipayStandInKeys, paidAtMs: number): string {
  const trade = {
    outTradeNo: paymentIdFor(order.orderId),
    tradeNo: `2026${randomBytes(12).toString('hex')}`,
    totalFen: order.totalFen,
    subject: paymentSubject(order),
    productCode: 'FAST_INSTANT_TRADE_PAY',
    notifyUrl: undefined,
    gmtCreate: toAlipayTime(paidAtMs),
    status: 'TRADE_SUCCESS' as const,
    gmtPayment: toAlipayTime(paidAtMs),
    refundedFen: 0,
    refunds: new Map<string, number>(),
  };
  return new URLSearchParams(tradeNotification(trade, keys.appId, paidAtMs, keys.alipayPrivateKey)).toString();
}

/** The stored order items of `ids` (consistent reads; unprocessed keys retried by the project's batchGet). */
const readOrderItems = (documents: DynamoDBDocumentClient, ids: readonly string[]) =>
  batchGet(tables.orders.localName, ids.map(orderKey), { consistent: true, client: documents });

/**
 * Both sides of the pay bench must end alike: every order PAID, paidAt an instant to the second (as
 * Alipay's gmt_payment gives it), the same version and the same attributes (day index keys included).
 */
async function checkSamePaidResult(documents: DynamoDBDocumentClient, handlerIds: readonly string[], rawIds: readonly string[]) {
  const read = async (ids: readonly string[]) => (await readOrderItems(documents, ids)).map((item) => ({ item, order: decodeOrder(item) }));
  const [handlerItems, rawItems] = await Promise.all([read(handlerIds), read(rawIds)]);
  const all = [...handlerItems, ...rawItems];
  const shapes = new Set(all.map(({ item }) => Object.keys(item).sort().join(',')));
  const versions = new Set(all.map(({ order }) => order.version));
  const result = {
    handlerOrdersPaid: `${handlerItems.filter(({ order }) => order.status === 'PAID').length}/${handlerIds.length}`,
    rawOrdersPaid: `${rawItems.filter(({ order }) => order.status === 'PAID').length}/${rawIds.length}`,
    paidAtToTheSecond: all.every(({ order }) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/.test(order.paidAt ?? '')),
    withPayment: all.every(({ order }) => order.payment?.paymentId === paymentIdFor(order.orderId)),
    // PAID: in the day index (the timer index moves on to the next due step, same on both sides: itemShapes).
    inDayIndex: all.every(({ item }) => typeof item.gsi3pk === 'string' && typeof item.gsi3sk === 'string'),
    versions: [...versions],
    itemShapes: shapes.size,
    ok: false,
  };
  result.ok =
    handlerItems.length === handlerIds.length &&
    rawItems.length === rawIds.length &&
    all.every(({ order }) => order.status === 'PAID') &&
    result.paidAtToTheSecond &&
    result.withPayment &&
    result.inDayIndex &&
    versions.size === 1 &&
    shapes.size === 1;
  return result;
}

/** Write units of one item: DynamoDB bills ceil(size / 1 KB); size is attribute names plus values. */
function itemBytes(value: unknown): number {
  if (value === null || value === undefined || typeof value === 'boolean') return 1;
  if (typeof value === 'number') return 21;
  if (typeof value === 'string') return Buffer.byteLength(value, 'utf8');
  if (Array.isArray(value)) return 3 + value.reduce((sum: number, v) => sum + 1 + itemBytes(v), 0);
  return 3 + Object.entries(value as Record<string, unknown>).reduce((sum, [k, v]) => sum + 1 + Buffer.byteLength(k) + itemBytes(v), 0);
}
const units = (bytes: number) => Math.max(1, Math.ceil(bytes / 1024));

/**
 * One second of a flash sale on one product: every write this design makes, counted per partition key
 * (base table and indexes), transactional writes counting double. Placement and the fulfilment
 * transition that follows each order are both in the second.
 */
function simulateFlashSale(sample: Order) {
  const writes = new Map<string, number>();
  const wcu = new Map<string, number>();
  const add = (key: string, count: number, capacity: number) => {
    writes.set(key, (writes.get(key) ?? 0) + count);
    wcu.set(key, (wcu.get(key) ?? 0) + capacity);
  };
  const orderUnits = units(itemBytes(sample) + 300);
  const gsi3Units = units(200);
  for (let i = 0; i < SIMULATED_RATE; i++) {
    const orderId = randomUUID();
    const keys = { ...orderListKeys({ orderId, buyerId: `buyer-${i}`, sellerId: sample.sellerId, createdAt: sample.createdAt }), ...dayIndexKeys({ orderId, paidAt: sample.createdAt }) };
    const [take] = firstAttempt(HOT_PRODUCT_STOCK_SHARDS, 1, Math.random);
    // Placement: one transaction (stock shard + order), then the three index entries.
    add(`catalog:STOCK#p#${take!.shard}`, 2, 2);
    add(`orders:ORDER#${orderId}`, 2, 2 * orderUnits);
    add(`gsi1:${keys.gsi1pk}`, 1, orderUnits);
    add(`gsi2:${keys.gsi2pk}`, 1, orderUnits);
    add(`gsi3:${keys.gsi3pk}`, 1, gsi3Units);
    // Fulfilment: one transaction (order update + shipment request put, same partition), status in every index.
    add(`orders:ORDER#${orderId}`, 4, 2 * orderUnits + 2 * units(600));
    add(`gsi1:${keys.gsi1pk}`, 1, orderUnits);
    add(`gsi2:${keys.gsi2pk}`, 1, orderUnits);
    add(`gsi3:${keys.gsi3pk}`, 1, gsi3Units);
  }
  const busiest = (map: Map<string, number>) => [...map].sort((a, b) => b[1] - a[1])[0]!;
  const [writesKey, writesPerSecond] = busiest(writes);
  const [wcuKey, wcuPerSecond] = busiest(wcu);
  return {
    ordersPerSecond: SIMULATED_RATE,
    stockShards: HOT_PRODUCT_STOCK_SHARDS,
    sellerIndexShards: SELLER_INDEX_SHARDS,
    dayIndexShards: DAY_INDEX_SHARDS,
    orderItemWriteUnits: orderUnits,
    busiestKey: writesKey.replace(/#[0-9a-f-]{36}/, '#…'),
    busiestKeyWritesPerSecond: writesPerSecond,
    busiestKeyByCapacity: wcuKey.replace(/#[0-9a-f-]{36}/, '#…'),
    busiestKeyWcuPerSecond: wcuPerSecond,
    limitPerPartition: 1000,
  };
}

/**
 * Both sides must have done the same work: every order of either side stored, decoding as an order,
 * with the same attributes (index keys included), and the stock down by exactly one unit per order.
 */
async function checkSameResult(documents: DynamoDBDocumentClient, handlerIds: readonly string[], rawIds: readonly string[], unitsTaken: number) {
  const [handlerItems, rawItems] = await Promise.all([readOrderItems(documents, handlerIds), readOrderItems(documents, rawIds)]);
  const shape = (item: Record<string, unknown>) => Object.keys(item).sort().join(',');
  const shapes = new Set([...handlerItems, ...rawItems].map(shape));
  [...handlerItems, ...rawItems].forEach((item) => decodeOrder(item));
  const result = {
    handlerOrdersStored: `${handlerItems.length}/${handlerIds.length}`,
    rawOrdersStored: `${rawItems.length}/${rawIds.length}`,
    itemShapes: shapes.size,
    // A placed order is in the buyer and seller lists and on the payment timer; the day index waits for PAID.
    withIndexKeys: [...handlerItems, ...rawItems].every((item) => ['gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'gsi4pk', 'gsi4sk'].every((key) => typeof item[key] === 'string')),
    unitsTaken,
    ok: false,
  };
  result.ok = handlerItems.length === handlerIds.length && rawItems.length === rawIds.length && shapes.size === 1 && result.withIndexKeys && unitsTaken === handlerIds.length + rawIds.length;
  return result;
}

async function main() {
  const dynamodb = await startDynamoDbLocal({});
  const fauxqs = await startFauxqsServer();
  // Alipay, as the local runtime has it: the stand-in serves the app's secret (as Secrets Manager) and the gateway.
  const alipayKeys = generateStandInKeys();
  const alipay = await startAlipayStandIn({ keys: alipayKeys, region: localRegion });
  try {
    const env = await provisionTopology({ dynamodb: dynamodb.endpoint, sqsS3: fauxqs.endpoint });
    Object.assign(process.env, env, {
      AWS_REGION: localRegion,
      AWS_ACCESS_KEY_ID: localCredentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: localCredentials.secretAccessKey,
      AWS_ENDPOINT_URL_DYNAMODB: dynamodb.endpoint,
      CURSOR_SIGNING_KEY: randomBytes(32).toString('base64url'),
      AWS_ENDPOINT_URL_SECRETS_MANAGER: alipay.url,
      ALIPAY_SECRET_ID: alipay.secretName,
      ALIPAY_GATEWAY_URL: alipay.gatewayUrl,
    });
    const client = new DynamoDBClient({ endpoint: dynamodb.endpoint, region: localRegion, credentials: localCredentials });
    const documents = DynamoDBDocumentClient.from(client);
    const catalog = tables.catalog.localName;
    const { handler } = await import('../lambdas/orders/handlers/place-order');
    const { handler: createPaymentHandler } = await import('../lambdas/payments/handlers/create-payment');
    const { handler: notifyHandler } = await import('../lambdas/payments/handlers/alipay-notify');

    const product = (sellerId: string, productId: string): ProductItem => {
      const now = new Date().toISOString();
      return { productId, sellerId, title: '芦笋', unit: 'jin', priceFen: 1280, status: 'ACTIVE', stockShards: HOT_PRODUCT_STOCK_SHARDS, createdAt: now, updatedAt: now };
    };
    const seed = async (sellerId: string, productId: string, stock: number) => {
      const now = new Date().toISOString();
      const item = product(sellerId, productId);
      await documents.send(new PutCommand({ TableName: catalog, Item: { ...profileKey(sellerId), sellerId, displayName: 'bench', countyCode: '371721', village: 'v', createdAt: now, updatedAt: now } }));
      await documents.send(new PutCommand({ TableName: catalog, Item: { ...productKey(sellerId, productId), ...item } }));
      const shards = splitStock(stock, HOT_PRODUCT_STOCK_SHARDS).map((units, shard) => ({ PutRequest: { Item: { ...newShardItem(item, shard, units) } } }));
      await documents.send(new BatchWriteCommand({ RequestItems: { [catalog]: shards } }));
      await documents.send(new PutCommand({ TableName: catalog, Item: { ...currentPinKey(sellerId), pinId: 'none', sellerId, productId: 'other', flashPriceFen: null, flashStock: null, flashStockShards: 0, perBuyerLimit: null, startsAt: now, endsAt: now } }));
    };
    const totalStock = async (productId: string) => {
      let sum = 0;
      let negative = 0;
      for (let shard = 0; shard < HOT_PRODUCT_STOCK_SHARDS; shard++) {
        const { Item } = await documents.send(new GetCommand({ TableName: catalog, Key: stockShardKey(productId, shard), ConsistentRead: true }));
        const unsold = Number(Item?.unsold ?? 0);
        sum += unsold;
        if (unsold < 0) negative++;
      }
      return { sum, negative };
    };

    const BENCH_STOCK = 1_000_000;
    await seed('bench-seller', 'bench-product', BENCH_STOCK);
    const benchProduct = product('bench-seller', 'bench-product');
    let sample: Order | undefined;
    const handlerLatencies: number[] = [];
    let handlerMs = 0;
    let rawMs = 0;
    let failures = 0;
    const handlerOrderIds: string[] = [];
    const rawOrderIds: string[] = [];

    const placeThroughHandler = async (buyerId: string) => {
      const key = `bench-${randomUUID()}`;
      const result = (await handler(event('bench-seller', 'bench-product', buyerId, key), lambdaContext('bench'))) as APIGatewayProxyStructuredResultV2;
      if (result.statusCode !== 201) failures++;
      else handlerOrderIds.push(orderIdFor(buyerId, key));
      return result;
    };
    /**
     * The baseline: the handler's transaction with nothing around it. The order item is built by the
     * same code (same fields, same index keys, same conditional shard write); what the baseline skips
     * is the handler: validation, auth, catalog reads and caching, retries, the response.
     */
    const placeRaw = async (buyerId: string) => {
      rawOrderIds.push((await placePending(buyerId, `raw-${randomUUID()}`)).orderId);
    };
    /** The raw placement transaction; the order it stored, PENDING_PAYMENT. */
    async function placePending(buyerId: string, idempotencyKey: string): Promise<Order> {
      const now = new Date().toISOString();
      const request = orderRequest('bench-seller', 'bench-product');
      const line = priceLine(benchProduct, 1, undefined, now);
      const takes = firstAttempt(HOT_PRODUCT_STOCK_SHARDS, 1, Math.random);
      const order = buildOrder({
        orderId: orderIdFor(buyerId, idempotencyKey),
        buyerId,
        idempotencyKey,
        hash: requestHash(request),
        request,
        sellerCountyCode: '371721',
        now,
        lines: [line],
        takes: [takes],
        buyerLimit: undefined,
      });
      const writes = saleWrites(line, takes, undefined, Date.parse(now)).map((write) => ({ ...write, line: 0 }));
      await documents.send(new TransactWriteCommand(placeTransaction({ orders: tables.orders.localName, catalog }, order, writes).input));
      return order;
    }

    const runHandler = async () => {
      const start = performance.now();
      await inParallel(PER_ROUND, CONCURRENCY, async (i) => {
        const t = performance.now();
        const result = await placeThroughHandler(`buyer-${i}-${randomUUID()}`);
        handlerLatencies.push(performance.now() - t);
        if (result.statusCode === 201) sample ??= JSON.parse(result.body ?? '{}') as Order;
      });
      handlerMs += performance.now() - start;
    };
    const runRaw = async () => {
      const start = performance.now();
      await inParallel(PER_ROUND, CONCURRENCY, async (i) => placeRaw(`raw-buyer-${i}-${randomUUID()}`));
      rawMs += performance.now() - start;
    };
    // Both warm up alike (JIT, connections, the emulator's tables), then alternate so drift on a shared machine hits both alike.
    await inParallel(20, 4, async (i) => void (await placeThroughHandler(`warm-${i}-${randomUUID()}`)));
    await inParallel(20, 4, async (i) => placeRaw(`raw-warm-${i}-${randomUUID()}`));
    for (let r = 0; r < ROUNDS; r++) {
      await runRaw();
      await runHandler();
    }
    const sameResult = await checkSameResult(documents, handlerOrderIds, rawOrderIds, BENCH_STOCK - (await totalStock('bench-product')).sum);

    // Oversell under contention: many more buyers than units, one product sharded 16 ways.
    await seed('flash-seller', 'flash-product', FLASH_STOCK);
    let sold = 0;
    const statuses: Record<string, number> = {};
    await inParallel(FLASH_BUYERS, 50, async (i) => {
      const result = (await handler(event('flash-seller', 'flash-product', `flash-buyer-${i}`), lambdaContext('bench'))) as APIGatewayProxyStructuredResultV2;
      statuses[String(result.statusCode)] = (statuses[String(result.statusCode)] ?? 0) + 1;
      if (result.statusCode === 201) sold++;
    });
    const left = await totalStock('flash-product');

    // Place → pay → PAID. Orders are placed (raw, untimed) for both sides, and Alipay's signed
    // notifications made beforehand (signing is Alipay's work, not ours); then timed: through the
    // handlers, the create-payment route and the notify route (signature checked by alipay-sdk); raw,
    // the store's own transactions with nothing around them: the payment attached, then marked PAID.
    const ordersTable = { orders: tables.orders.localName };
    let payFailures = 0;
    const payLatencies: number[] = [];
    const payHandlerIds: string[] = [];
    const payRawIds: string[] = [];
    let payHandlerMs = 0;
    let rawAttachMs = 0;
    let rawMarkPaidMs = 0;
    const paidAtMs = () => Math.floor(Date.now() / 1000) * 1000;
    const placeForPayment = (count: number, prefix: string) => {
      const placed: Order[] = [];
      return inParallel(count, CONCURRENCY, async (i) => void placed.push(await placePending(`${prefix}-${i}-${randomUUID()}`, `pay-${randomUUID()}`))).then(() => placed);
    };
    const payThroughHandlers = async (order: Order, notification: string) => {
      const paymentPath = `/v1/orders/${order.orderId}/payment`;
      const t = performance.now();
      const created = (await createPaymentHandler(routeEvent(createPaymentRoute, paymentPath, { buyerId: order.buyerId, pathParameters: { orderId: order.orderId } }), lambdaContext('bench'))) as APIGatewayProxyStructuredResultV2;
      const notified = (await notifyHandler(routeEvent(alipayNotifyRoute, alipayNotifyRoute.path, { form: notification }), lambdaContext('bench'))) as APIGatewayProxyStructuredResultV2;
      const elapsed = performance.now() - t;
      if (created.statusCode !== 201 || notified.statusCode !== 200 || notified.body !== 'success') payFailures++;
      return elapsed;
    };
    const runPayHandlers = async (count: number, record: boolean) => {
      const placed = await placeForPayment(count, 'pay-buyer');
      const notifications = placed.map((order) => paidNotification(order, alipayKeys, paidAtMs()));
      const start = performance.now();
      await inParallel(count, CONCURRENCY, async (i) => {
        const elapsed = await payThroughHandlers(placed[i]!, notifications[i]!);
        if (record) payLatencies.push(elapsed);
      });
      if (!record) return;
      payHandlerMs += performance.now() - start;
      payHandlerIds.push(...placed.map((order) => order.orderId));
    };
    const runPayRaw = async (count: number, record: boolean) => {
      const placed = await placeForPayment(count, 'pay-raw-buyer');
      const attached: Order[] = [];
      let start = performance.now();
      await inParallel(count, CONCURRENCY, async (i) => {
        const order = placed[i]!;
        const paymentId = paymentIdFor(order.orderId);
        const payment = { paymentId, provider: 'alipay' as const, amountFen: order.totalFen, payUrl: `${alipay.gatewayUrl}?out_trade_no=${paymentId}`, expiresAt: order.payBy, createdAt: new Date().toISOString() };
        const transition = attachPayment(order, payment);
        await documents.send(new TransactWriteCommand(transitionTransaction(ordersTable, order, transition)));
        attached[i] = transition.next;
      });
      if (record) rawAttachMs += performance.now() - start;
      start = performance.now();
      await inParallel(count, CONCURRENCY, async (i) => {
        const order = attached[i]!;
        await documents.send(new TransactWriteCommand(transitionTransaction(ordersTable, order, markPaid(order, new Date(paidAtMs()).toISOString(), new Date().toISOString()))));
      });
      if (!record) return;
      rawMarkPaidMs += performance.now() - start;
      payRawIds.push(...placed.map((order) => order.orderId));
    };
    // Warm-up alike (the handlers' cold start reads the Alipay secret), then alternating rounds.
    await runPayHandlers(20, false);
    await runPayRaw(20, false);
    const payPerRound = Math.ceil(PAY_ORDERS / ROUNDS);
    for (let r = 0; r < ROUNDS; r++) {
      await runPayRaw(payPerRound, true);
      await runPayHandlers(payPerRound, true);
    }
    const samePaidResult = await checkSamePaidResult(documents, payHandlerIds, payRawIds);
    const paySorted = [...payLatencies].sort((a, b) => a - b);
    const payOrders = payPerRound * ROUNDS;
    const payPerSecond = payOrders / (payHandlerMs / 1000);
    const markPaidPerSecond = payOrders / (rawMarkPaidMs / 1000);
    const attachAndMarkPaidPerSecond = payOrders / ((rawAttachMs + rawMarkPaidMs) / 1000);
    const pay = {
      handlers: {
        orders: payOrders,
        failures: payFailures,
        path: 'POST /v1/orders/{orderId}/payment (201) + POST /v1/payments/alipay/notify (200 success, alipay-sdk signature check) → PAID',
        ordersPerSecond: round(payPerSecond),
        p50Ms: round(quantile(paySorted, 0.5)),
        p99Ms: round(quantile(paySorted, 0.99)),
      },
      rawMarkPaid: { transactions: payOrders, perSecond: round(markPaidPerSecond), writes: "the store's conditional update PENDING_PAYMENT → PAID (transitionTransaction of markPaid)" },
      rawAttachAndMarkPaid: { transactions: 2 * payOrders, ordersPerSecond: round(attachAndMarkPaidPerSecond), writes: 'both conditional updates the handlers make: the payment attached, then PAID' },
      ratio: round(payPerSecond / markPaidPerSecond, 3),
      ratioToBothWrites: round(payPerSecond / attachAndMarkPaidPerSecond, 3),
      sameResult: samePaidResult,
    };

    const sorted = [...handlerLatencies].sort((a, b) => a - b);
    const handlerOrders = PER_ROUND * ROUNDS;
    const rawOrders = PER_ROUND * ROUNDS;
    const ordersPerSecond = handlerOrders / (handlerMs / 1000);
    const rawPerSecond = rawOrders / (rawMs / 1000);
    console.log(
      JSON.stringify(
        {
          emulator: 'DynamoDB Local (in memory), same run',
          concurrency: CONCURRENCY,
          handler: { orders: handlerOrders, failures, ordersPerSecond: round(ordersPerSecond), p50Ms: round(quantile(sorted, 0.5)), p99Ms: round(quantile(sorted, 0.99)) },
          rawTransactWriteItems: { transactions: rawOrders, perSecond: round(rawPerSecond), writes: 'the same shard update and order item (index keys included) as the handler' },
          ratio: round(ordersPerSecond / rawPerSecond, 3),
          sameResult,
          flashSale: { stock: FLASH_STOCK, buyers: FLASH_BUYERS, statuses, sold, stockLeft: left.sum, negativeShards: left.negative },
          oversold: Math.max(0, sold - FLASH_STOCK) + left.negative + Math.abs(FLASH_STOCK - sold - left.sum),
          simulatedFlashSale: simulateFlashSale(sample!),
          pay,
        },
        null,
        2,
      ),
    );
    if (!sameResult.ok || failures > 0 || !samePaidResult.ok || payFailures > 0) process.exitCode = 1;
    client.destroy();
  } finally {
    await alipay.stop();
    await fauxqs.stop();
    await dynamodb.stop();
  }
}

await main();
