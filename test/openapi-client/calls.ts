/**
 * A few calls a client app makes, typed only by what openapi-typescript generates from the OpenAPI
 * document (`generated/api.ts`, written by test/unit/core/openapi-client.test.ts). If the document loses
 * a field, a parameter or a status, this file stops compiling; the `@ts-expect-error` lines check that
 * the types are precise, not `unknown`.
 */
import type { components, paths } from './generated/api';

type Json<T> = T extends { content: { 'application/json': infer Body } } ? Body : never;
type Operation<P extends keyof paths, M extends 'get' | 'put' | 'post' | 'patch' | 'delete'> = paths[P][M];
type RequestBody<P extends keyof paths, M extends 'put' | 'post' | 'patch'> =
  Operation<P, M> extends { requestBody?: infer Body } ? Json<NonNullable<Body>> : never;
type Response<P extends keyof paths, M extends 'get' | 'put' | 'post' | 'patch' | 'delete', S extends number> =
  Operation<P, M> extends { responses: infer Responses } ? (S extends keyof Responses ? Json<Responses[S]> : never) : never;

/** How the app sends a request (fetch with the base URL and the bearer token, in the app); answers the parsed JSON body. */
export type Transport = (method: string, path: string, request?: { body?: unknown; headers?: Record<string, string> }) => Promise<unknown>;

const send = async <T>(transport: Transport, method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
  (await transport(method, path, { body, headers })) as T;

export const createProduct = (seller: Transport, body: RequestBody<'/v1/seller/products', 'post'>) =>
  send<Response<'/v1/seller/products', 'post', 201>>(seller, 'POST', '/v1/seller/products', body);

export function listSellerProducts(seller: Transport, query: NonNullable<Operation<'/v1/seller/products', 'get'>['parameters']['query']>) {
  const search = Object.entries(query)
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => `${name}=${encodeURIComponent(String(value))}`)
    .join('&');
  return send<Response<'/v1/seller/products', 'get', 200>>(seller, 'GET', `/v1/seller/products?${search}`);
}

export const placeOrder = (
  buyer: Transport,
  headers: Operation<'/v1/orders', 'post'>['parameters']['header'],
  body: RequestBody<'/v1/orders', 'post'>,
) => send<Response<'/v1/orders', 'post', 201>>(buyer, 'POST', '/v1/orders', body, headers);

export const cancelOrder = (buyer: Transport, path: Operation<'/v1/orders/{orderId}/cancel', 'post'>['parameters']['path']) =>
  send<Response<'/v1/orders/{orderId}/cancel', 'post', 200>>(buyer, 'POST', `/v1/orders/${encodeURIComponent(path.orderId)}/cancel`);

export async function sellAndBuy(seller: Transport, buyer: Transport): Promise<number> {
  const product = await createProduct(seller, { title: '砀山酥梨', unit: 'jin', priceFen: 350, stock: 100 });
  const productStatus: 'ACTIVE' | 'HIDDEN' | 'ARCHIVED' = product.status;
  const page = await listSellerProducts(seller, { limit: 20, status: 'ACTIVE' });
  const nextCursor: string | null = page.nextCursor;

  const order: components['schemas']['Order'] = await placeOrder(
    buyer,
    { 'idempotency-key': 'order-0001' },
    {
      sellerId: product.sellerId,
      items: [{ productId: product.productId, quantity: 2 }],
      shippingAddress: { name: '张三', phone: '13800138000', countyCode: '341321', detail: '砀山县园艺场 1 号' },
    },
  );
  const cancelled = await cancelOrder(buyer, { orderId: order.orderId });
  const lastStatus = cancelled.history.at(-1)?.status;

  // @ts-expect-error a unit the contract does not know
  await createProduct(seller, { title: 'x', unit: 'ton', priceFen: 1, stock: 1 });
  // @ts-expect-error quantity is a number
  await placeOrder(buyer, { 'idempotency-key': 'order-0002' }, { sellerId: 's', items: [{ productId: 'p', quantity: '2' }], shippingAddress: order.shippingAddress });
  // @ts-expect-error the Idempotency-Key header is required
  await placeOrder(buyer, {}, { sellerId: 's', items: [], shippingAddress: order.shippingAddress });
  // @ts-expect-error an order has no `price`, only `totalFen`
  void order.price;

  const conflict: Response<'/v1/orders', 'post', 409> = { error: { code: 'OUT_OF_STOCK', message: 'Not enough stock' }, requestId: 'r-1' };
  const report: Response<'/v1/reports/county-sales', 'get', 200> = {
    date: '2026-11-27',
    timezone: 'Asia/Shanghai',
    generatedAt: '2026-11-28T00:00:00.000Z',
    rows: [],
    totals: { orders: 0, units: 0, gmvFen: 0, buyers: 0, sellers: 0 },
  };
  const csv: Operation<'/v1/reports/county-sales', 'get'>['responses'][200]['content']['text/csv'] = '\uFEFFcountyCode,countyName\r\n';
  void [productStatus, nextCursor, lastStatus, conflict, report, csv];
  return order.totalFen;
}
