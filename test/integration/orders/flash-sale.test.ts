import { describe, expect, it } from 'vitest';
import { api, tokenFor, uniqueId } from '../../support/local-api';
import { address, inParallel, ordersOfSeller, productStock, seedProduct, seedSeller } from './fixtures';

const STOCK = 300;
const BUYERS = 1_000;
// Every request is issued before any could finish: 1,000 buyers race for 300 units. The sockets in flight
// are bounded so the shared emulator (2 cores) is not the thing under test.
const IN_FLIGHT = 100;

describe.each([
  { shards: 1, label: 'one stock item' },
  { shards: 16, label: 'stock sharded 16 ways' },
])('flash sale with $label', ({ shards }) => {
  it(`${BUYERS} buyers, ${STOCK} units: exactly ${STOCK} orders, no oversell, no 5xx`, { timeout: 300_000 }, async () => {
    const sellerId = uniqueId('flash-seller');
    await seedSeller(sellerId);
    const product = await seedProduct(sellerId, { stock: STOCK, shards, priceFen: 990 });
    const buyers = await Promise.all(
      Array.from({ length: BUYERS }, async (_, i) => ({ id: `${sellerId}-buyer-${i}`, token: await tokenFor(`${sellerId}-buyer-${i}`, 'buyers') })),
    );

    const responses = await inParallel(
      buyers.map((buyer) => () =>
        api('POST', '/v1/orders', {
          token: buyer.token,
          headers: { 'idempotency-key': `flash-${buyer.id}`.slice(-64) },
          body: { sellerId, items: [{ productId: product.productId, quantity: 1 }], shippingAddress: address },
        }),
      ),
      IN_FLIGHT,
    );

    const byStatus = new Map<number, number>();
    for (const response of responses) byStatus.set(response.status, (byStatus.get(response.status) ?? 0) + 1);
    expect(Object.fromEntries(byStatus)).toEqual({ 201: STOCK, 409: BUYERS - STOCK });
    for (const response of responses.filter((r) => r.status === 409)) {
      expect(response.body.error.code).toBe('OUT_OF_STOCK');
      expect(response.body.error.details).toEqual([{ productId: product.productId, requested: 1, available: 0 }]);
    }

    const stock = await productStock(product);
    expect(stock.every((units) => units === 0)).toBe(true);
    const orders = await ordersOfSeller(sellerId);
    expect(orders).toHaveLength(STOCK);
    expect(new Set(orders.map((order) => order.buyerId)).size).toBe(STOCK);
    const unitsSold = orders.reduce((sum, order) => sum + Number(order.unitCount), 0);
    expect(unitsSold).toBe(STOCK);
  });
});
