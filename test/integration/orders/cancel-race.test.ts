import { describe, expect, it } from 'vitest';
import { lambdaContext } from '../../../local/lambda-context';
import { sqsEvent, sqsRecord } from '../../support/sqs-events';
import { api, baseUrl, tokenFor, uniqueId } from '../../support/local-api';
import { address, fulfilmentQueueDrained, getItem, payDirectly, productStock, seedProduct, seedSeller } from './fixtures';

const ORDERS = 16;

describe('cancel racing the fulfilment worker', () => {
  it('every paid order ends consistent: cancelled and refunded, stock restored once, shipment request closed, never revived', async () => {
    const sellerId = uniqueId('race-seller');
    await seedSeller(sellerId);
    const product = await seedProduct(sellerId, { stock: 40, shards: 4 });

    const results = await Promise.all(
      Array.from({ length: ORDERS }, async (_, i) => {
        const token = await tokenFor(`${sellerId}-b${i}`, 'buyers');
        const placed = await api('POST', '/v1/orders', {
          token,
          headers: { 'idempotency-key': uniqueId('race') },
          body: { sellerId, items: [{ productId: product.productId, quantity: 2 }], shippingAddress: address },
        });
        expect(placed.status).toBe(201);
        // Paid: the outbox sends it to the worker, which races the cancel.
        await payDirectly(placed.body.orderId);
        // Spread the cancels over the worker's window: some land before it, some after.
        await new Promise((resolve) => setTimeout(resolve, (i % 8) * 150));
        return { orderId: placed.body.orderId as string, cancel: await api('POST', `/v1/orders/${placed.body.orderId}/cancel`, { token }) };
      }),
    );
    expect(results.map((r) => r.cancel.status)).toEqual(Array(ORDERS).fill(200));
    await fulfilmentQueueDrained(baseUrl);

    for (const { orderId } of results) {
      const order = (await getItem(`ORDER#${orderId}`, 'ORDER'))!;
      const statuses = (order.history as { status: string }[]).map((entry) => entry.status);
      expect(order.status).toBe('CANCELLED');
      expect([['PENDING_PAYMENT', 'PAID', 'CANCELLED'], ['PENDING_PAYMENT', 'PAID', 'FULFILMENT_REQUESTED', 'CANCELLED']]).toContainEqual(statuses);
      // Paid, so refunded in full, whichever committed first.
      expect(order.refund).toMatchObject({ amountFen: order.totalFen, reason: 'CANCELLED' });
      const shipment = await getItem(`ORDER#${orderId}`, 'SHIPMENT');
      if (statuses.includes('FULFILMENT_REQUESTED')) expect(shipment?.status).toBe('CANCELLED');
      else expect(shipment).toBeUndefined();
    }
    expect((await productStock(product)).reduce((a, b) => a + b)).toBe(40);

    // A late redelivery of a cancelled order's message is acknowledged and skipped, not revived.
    const { handler } = await import('../../../lambdas/fulfilment/handler');
    const orderId = results[0]!.orderId;
    const order = (await getItem(`ORDER#${orderId}`, 'ORDER'))!;
    const event = sqsEvent(sqsRecord('late-1', JSON.stringify({ orderId, sellerId, buyerId: order.buyerId, createdAt: order.createdAt }), 2));
    expect(await handler(event, lambdaContext('fulfilment'))).toEqual({ batchItemFailures: [] });
    expect(await getItem(`ORDER#${orderId}`, 'ORDER')).toMatchObject({ status: 'CANCELLED', version: order.version });
  });
});
