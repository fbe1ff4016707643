import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, describe, expect, it } from 'vitest';
import { orderIdFor } from '../../../lambdas/orders/domain/idempotency';
import { redrive } from '../../../scripts/redrive';
import { api, baseUrl, tokenFor, uniqueId } from '../../support/local-api';
import { address, eventually, fulfilmentQueueDrained, getItem, localEnv, payDirectly, queueDepths, seedProduct, seedSeller } from './fixtures';

const ORDERS = 12;
const sqs = new SQSClient({
  endpoint: localEnv.AWS_ENDPOINT_URL_SQS,
  region: localEnv.AWS_REGION,
  credentials: { accessKeyId: localEnv.AWS_ACCESS_KEY_ID!, secretAccessKey: localEnv.AWS_SECRET_ACCESS_KEY! },
});
const setFaults = (faults: unknown) =>
  fetch(new URL('/_local/faults/fulfilment', baseUrl), { method: 'PUT', body: JSON.stringify(faults), headers: { 'content-type': 'application/json' } });
const clearFaults = () => fetch(new URL('/_local/faults/fulfilment', baseUrl), { method: 'DELETE', headers: { 'content-type': 'application/json' } });

afterAll(async () => {
  await clearFaults();
  sqs.destroy();
});

const fulfilled = async (orderId: string) => {
  const order = await getItem(`ORDER#${orderId}`, 'ORDER');
  return order?.status === 'FULFILMENT_REQUESTED' ? order : undefined;
};

describe('no lost order under worker faults', () => {
  it('every order ends FULFILMENT_REQUESTED exactly once; the poison one goes to the DLQ and is processed after a fix and a redrive', async () => {
    const sellerId = uniqueId('fault-seller');
    await seedSeller(sellerId);
    const product = await seedProduct(sellerId, { stock: 50, shards: 2 });
    const buyers = await Promise.all(Array.from({ length: ORDERS }, async (_, i) => ({ id: `${sellerId}-b${i}`, key: `fault-key-${i}-${sellerId}`.slice(0, 64) })));
    const orderIds = buyers.map((buyer) => orderIdFor(buyer.id, buyer.key));
    const poison = orderIds[0]!;
    const dlqBefore = (await queueDepths(baseUrl)).fulfilmentDlq.visible;

    // A third of first deliveries fail (half of those after the transition committed: a lost ack).
    expect((await setFaults({ sellerId, failFirstDeliveryEvery: 3, poisonOrderIds: [poison] })).status).toBe(200);
    const placed = await Promise.all(
      buyers.map(async (buyer) =>
        api('POST', '/v1/orders', {
          token: await tokenFor(buyer.id, 'buyers'),
          headers: { 'idempotency-key': buyer.key },
          body: { sellerId, items: [{ productId: product.productId, quantity: 1 }], shippingAddress: address },
        }),
      ),
    );
    expect(placed.map((r) => r.status)).toEqual(Array(ORDERS).fill(201));
    // Fulfilment starts from PAID: the outbox sends the newly paid orders.
    await Promise.all(orderIds.map((orderId) => payDirectly(orderId)));

    // At-least-once upstream too: a duplicate outbox message for two orders.
    for (const orderId of orderIds.slice(1, 3)) {
      const order = (await getItem(`ORDER#${orderId}`, 'ORDER'))!;
      await sqs.send(
        new SendMessageCommand({
          QueueUrl: localEnv.FULFILMENT_QUEUE_URL,
          MessageBody: JSON.stringify({ orderId, sellerId, buyerId: order.buyerId, createdAt: order.createdAt }),
        }),
      );
    }

    for (const orderId of orderIds.slice(1)) await eventually(() => fulfilled(orderId), `order ${orderId} to be fulfilled`);
    await eventually(async () => ((await queueDepths(baseUrl)).fulfilmentDlq.visible > dlqBefore ? true : undefined), 'the poison message in the DLQ', 60_000);
    expect((await getItem(`ORDER#${poison}`, 'ORDER'))?.status).toBe('PAID');
    expect(await getItem(`ORDER#${poison}`, 'SHIPMENT')).toBeUndefined();

    // The fix, then the redrive.
    await clearFaults();
    expect((await redrive(baseUrl)).moved).toBeGreaterThanOrEqual(1);
    await eventually(() => fulfilled(poison), 'the redriven order to be fulfilled');
    await fulfilmentQueueDrained(baseUrl);

    for (const orderId of orderIds) {
      const order = (await getItem(`ORDER#${orderId}`, 'ORDER'))!;
      const history = order.history as { status: string; at: string }[];
      expect(history.map((entry) => entry.status)).toEqual(['PENDING_PAYMENT', 'PAID', 'FULFILMENT_REQUESTED']);
      expect(order.version).toBe(3);
      const shipment = await getItem(`ORDER#${orderId}`, 'SHIPMENT');
      expect(shipment).toMatchObject({ orderId, status: 'OPEN', requestedAt: history[2]!.at });
    }
  });
});
