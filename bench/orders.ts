/**
 * `npm run bench:orders`: placing orders through the real handler code against DynamoDB Local, next to
 * the raw TransactWriteItems rate of the same emulator in the same run (the ratio is what to compare
 * across machines), an oversell check under contention, and the write rate of the busiest partition key
 * in a simulated 5,000 orders/s flash sale, computed from the keys this allocation writes. Prints one
 * JSON object.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { DynamoDBClient, TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { currentPinKey, productKey, profileKey } from '../lambdas/catalog/model';
import { HOT_PRODUCT_STOCK_SHARDS, splitStock, stockShardKey } from '../lambdas/catalog/stock-shards';
import { firstAttempt } from '../lambdas/orders/domain/allocation';
import type { Order } from '../lambdas/orders/domain/order';
import { DAY_INDEX_SHARDS, orderIndexKeys, SELLER_INDEX_SHARDS } from '../lambdas/orders/model';
import { tables } from '../lib/topology';
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

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;

async function inParallel(count: number, width: number, task: (i: number) => Promise<void>) {
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < count) await task(next++);
  }));
}

function event(sellerId: string, productId: string, buyerId: string): APIGatewayProxyEventV2 {
  const now = new Date();
  return {
    version: '2.0',
    routeKey: 'POST /v1/orders',
    rawPath: '/v1/orders',
    rawQueryString: '',
    headers: { 'content-type': 'application/json', 'idempotency-key': `bench-${randomUUID()}` },
    requestContext: {
      accountId: '000000000000', apiId: 'bench', domainName: 'bench', domainPrefix: 'bench', requestId: randomUUID(), routeKey: 'POST /v1/orders',
      stage: '$default', time: now.toISOString(), timeEpoch: now.getTime(),
      http: { method: 'POST', path: '/v1/orders', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'bench' },
      authorizer: { jwt: { claims: { sub: buyerId, 'cognito:groups': '[buyers]' }, scopes: null } },
    } as APIGatewayProxyEventV2['requestContext'],
    isBase64Encoded: false,
    body: JSON.stringify({
      sellerId,
      items: [{ productId, quantity: 1 }],
      shippingAddress: { name: '张三', phone: '13800138000', countyCode: '110101', detail: '东城区某街道 1 号' },
    }),
  };
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
    const keys = orderIndexKeys({ orderId, buyerId: `buyer-${i}`, sellerId: sample.sellerId, createdAt: sample.createdAt });
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

async function main() {
  const dynamodb = await startDynamoDbLocal({});
  const fauxqs = await startFauxqsServer();
  try {
    const env = await provisionTopology({ dynamodb: dynamodb.endpoint, sqsS3: fauxqs.endpoint });
    Object.assign(process.env, env, {
      AWS_REGION: localRegion,
      AWS_ACCESS_KEY_ID: localCredentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: localCredentials.secretAccessKey,
      AWS_ENDPOINT_URL_DYNAMODB: dynamodb.endpoint,
      POWERTOOLS_LOG_LEVEL: 'SILENT',
      POWERTOOLS_METRICS_DISABLED: 'true',
      CURSOR_SIGNING_KEY: randomBytes(32).toString('base64url'),
    });
    const client = new DynamoDBClient({ endpoint: dynamodb.endpoint, region: localRegion, credentials: localCredentials });
    const documents = DynamoDBDocumentClient.from(client);
    const catalog = tables.catalog.localName;
    const { handler } = await import('../lambdas/orders/handlers/place-order');

    const seed = async (sellerId: string, productId: string, stock: number) => {
      const now = new Date().toISOString();
      await documents.send(new PutCommand({ TableName: catalog, Item: { ...profileKey(sellerId), sellerId, displayName: 'bench', countyCode: '371721', village: 'v', createdAt: now, updatedAt: now } }));
      await documents.send(new PutCommand({ TableName: catalog, Item: { ...productKey(sellerId, productId), productId, sellerId, title: '芦笋', unit: 'jin', priceFen: 1280, status: 'ACTIVE', stockShards: HOT_PRODUCT_STOCK_SHARDS, createdAt: now, updatedAt: now } }));
      const shards = splitStock(stock, HOT_PRODUCT_STOCK_SHARDS).map((available, shard) => ({ PutRequest: { Item: { ...stockShardKey(productId, shard), shard, available, productId } } }));
      await documents.send(new BatchWriteCommand({ RequestItems: { [catalog]: shards } }));
      await documents.send(new PutCommand({ TableName: catalog, Item: { ...currentPinKey(sellerId), pinId: 'none', sellerId, productId: 'other', flashPriceFen: null, flashStock: null, flashStockShards: 0, perBuyerLimit: null, startsAt: now, endsAt: now } }));
    };
    const totalStock = async (productId: string) => {
      let sum = 0;
      let negative = 0;
      for (let shard = 0; shard < HOT_PRODUCT_STOCK_SHARDS; shard++) {
        const { Item } = await documents.send(new GetCommand({ TableName: catalog, Key: stockShardKey(productId, shard), ConsistentRead: true }));
        const available = Number(Item?.available ?? 0);
        sum += available;
        if (available < 0) negative++;
      }
      return { sum, negative };
    };

    await seed('bench-seller', 'bench-product', 1_000_000);
    let sample: Order | undefined;
    const handlerLatencies: number[] = [];
    let handlerMs = 0;
    let rawMs = 0;
    let failures = 0;
    let rawCount = 0;

    const runHandler = async () => {
      const start = performance.now();
      await inParallel(PER_ROUND, CONCURRENCY, async (i) => {
        const t = performance.now();
        const result = (await handler(event('bench-seller', 'bench-product', `buyer-${i}-${randomUUID()}`), lambdaContext('bench'))) as APIGatewayProxyStructuredResultV2;
        handlerLatencies.push(performance.now() - t);
        if (result.statusCode !== 201) failures++;
        else sample ??= JSON.parse(result.body ?? '{}') as Order;
      });
      handlerMs += performance.now() - start;
    };
    // The baseline: the same two writes the order transaction makes, with no handler around them.
    const runRaw = async () => {
      const start = performance.now();
      await inParallel(PER_ROUND, CONCURRENCY, async () => {
        const orderId = randomUUID();
        const [take] = firstAttempt(HOT_PRODUCT_STOCK_SHARDS, 1, Math.random);
        await client.send(
          new TransactWriteItemsCommand({
            TransactItems: [
              {
                Update: {
                  TableName: catalog,
                  Key: { pk: { S: stockShardKey('bench-product', take!.shard).pk }, sk: { S: 'STOCK' } },
                  UpdateExpression: 'SET available = available - :q',
                  ConditionExpression: 'available >= :q',
                  ExpressionAttributeValues: { ':q': { N: '1' } },
                },
              },
              { Put: { TableName: tables.orders.localName, Item: { pk: { S: `RAW#${orderId}` }, sk: { S: 'ORDER' } }, ConditionExpression: 'attribute_not_exists(pk)' } },
            ],
          }),
        );
        rawCount++;
      });
      rawMs += performance.now() - start;
    };
    // Warm-up (JIT, connections), then alternate so drift on a shared machine hits both alike.
    await inParallel(20, 4, async (i) => void (await handler(event('bench-seller', 'bench-product', `warm-${i}`), lambdaContext('bench'))));
    for (let r = 0; r < ROUNDS; r++) {
      await runRaw();
      await runHandler();
    }

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

    const sorted = [...handlerLatencies].sort((a, b) => a - b);
    const ordersPerSecond = (PER_ROUND * ROUNDS) / (handlerMs / 1000);
    const rawPerSecond = rawCount / (rawMs / 1000);
    console.log(
      JSON.stringify(
        {
          emulator: 'DynamoDB Local (in memory), same run',
          concurrency: CONCURRENCY,
          handler: { orders: PER_ROUND * ROUNDS, failures, ordersPerSecond: round(ordersPerSecond), p50Ms: round(quantile(sorted, 0.5)), p99Ms: round(quantile(sorted, 0.99)) },
          rawTransactWriteItems: { transactions: rawCount, perSecond: round(rawPerSecond) },
          ratio: round(ordersPerSecond / rawPerSecond, 3),
          flashSale: { stock: FLASH_STOCK, buyers: FLASH_BUYERS, statuses, sold, stockLeft: left.sum, negativeShards: left.negative },
          oversold: Math.max(0, sold - FLASH_STOCK) + left.negative + Math.abs(FLASH_STOCK - sold - left.sum),
          simulatedFlashSale: simulateFlashSale(sample!),
        },
        null,
        2,
      ),
    );
    client.destroy();
  } finally {
    await fauxqs.stop();
    await dynamodb.stop();
  }
}

await main();
