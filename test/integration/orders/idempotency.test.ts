import { describe, expect, it } from 'vitest';
import { api, tokenFor, uniqueId } from '../../support/local-api';
import { address, ordersOfSeller, productStock, seedProduct, seedSeller } from './fixtures';

describe('Idempotency-Key', () => {
  it('50 concurrent requests with one key and body make one order and get equal responses; another body → 422', async () => {
    const sellerId = uniqueId('seller');
    await seedSeller(sellerId);
    const product = await seedProduct(sellerId, { stock: 100, shards: 4 });
    const token = await tokenFor(uniqueId('buyer'), 'buyers');
    const key = uniqueId('idem');
    const body = { sellerId, items: [{ productId: product.productId, quantity: 2 }], shippingAddress: address, note: '放门口' };

    const responses = await Promise.all(Array.from({ length: 50 }, () => api('POST', '/v1/orders', { token, body, headers: { 'idempotency-key': key } })));

    expect(responses.map((r) => r.status)).toEqual(Array(50).fill(201));
    for (const response of responses) expect(response.body).toEqual(responses[0]!.body);
    expect(responses.filter((r) => r.headers.get('idempotent-replayed') === 'true')).toHaveLength(49);
    expect(await ordersOfSeller(sellerId)).toHaveLength(1);
    expect((await productStock(product)).reduce((a, b) => a + b)).toBe(98);

    const later = await api('POST', '/v1/orders', { token, body, headers: { 'idempotency-key': key } });
    expect(later.status).toBe(201);
    expect(later.body).toEqual(responses[0]!.body);

    const reused = await api('POST', '/v1/orders', { token, body: { ...body, note: '另一个' }, headers: { 'idempotency-key': key } });
    expect(reused.status).toBe(422);
    expect(reused.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');

    // Keys are scoped per buyer: another buyer's identical key is a new order.
    const other = await api('POST', '/v1/orders', { token: await tokenFor(uniqueId('buyer'), 'buyers'), body, headers: { 'idempotency-key': key } });
    expect(other.status).toBe(201);
    expect(other.body.orderId).not.toBe(responses[0]!.body.orderId);
    expect(await ordersOfSeller(sellerId)).toHaveLength(2);
  });

  it('a retry after the stock sold out still replays the order it made', async () => {
    const sellerId = uniqueId('seller');
    await seedSeller(sellerId);
    const product = await seedProduct(sellerId, { stock: 1 });
    const token = await tokenFor(uniqueId('buyer'), 'buyers');
    const body = { sellerId, items: [{ productId: product.productId, quantity: 1 }], shippingAddress: address };
    const first = await api('POST', '/v1/orders', { token, body, headers: { 'idempotency-key': 'sold-out-key-1' } });
    const retry = await api('POST', '/v1/orders', { token, body, headers: { 'idempotency-key': 'sold-out-key-1' } });
    expect([first.status, retry.status]).toEqual([201, 201]);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    const fresh = await api('POST', '/v1/orders', { token, body, headers: { 'idempotency-key': 'sold-out-key-2' } });
    expect(fresh.status).toBe(409);
    expect(fresh.body.error.code).toBe('OUT_OF_STOCK');
  });
});
