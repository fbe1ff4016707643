import { describe, expect, it } from 'vitest';
import { address, eventually } from '../integration/orders/fixtures';
import { api, tokenFor, uniqueId } from '../support/local-api';
import { newProduct, newSeller, streamEvent, type TestSeller } from './catalog-helpers';

/** A seller with a channel and chat room, and a product; live when asked. */
async function sellerWithProduct(live: boolean) {
  const seller = await newSeller();
  const channel = await api('POST', '/v1/seller/channel', { token: seller.token });
  expect(channel.status, channel.text).toBe(201);
  if (live) await streamEvent({ sellerId: seller.sellerId }, 'Stream Start');
  const product = await newProduct(seller, { stock: 20 });
  return { seller, product };
}

/** Places an order as a new buyer and pays it through the Alipay stand-in (its notification moves the order to PAID). */
async function placeAndPay(seller: TestSeller, productId: string, quantity: number, shippingName: string) {
  const buyer = await tokenFor(uniqueId('buyer'), 'buyers');
  const placed = await api('POST', '/v1/orders', {
    token: buyer,
    body: { sellerId: seller.sellerId, items: [{ productId, quantity }], shippingAddress: { ...address, name: shippingName } },
    headers: { 'idempotency-key': uniqueId('key') },
  });
  expect(placed.status, placed.text).toBe(201);
  const payment = await api('POST', `/v1/orders/${placed.body.orderId}/payment`, { token: buyer, body: {} });
  expect(payment.status, payment.text).toBe(201);
  expect((await fetch(payment.body.payUrl)).status).toBe(200); // the buyer opens the cashier page
  const paid = await api('POST', `/_local/payments/${payment.body.paymentId}/pay`, { body: { notify: 'once' } });
  expect(paid.status, paid.text).toBe(202);
  return { buyer, orderId: placed.body.orderId as string };
}

const chatEvents = async (sellerId: string) => {
  const response = await api('GET', `/_local/chat/events?sellerId=${sellerId}`);
  expect(response.status, response.text).toBe(200);
  return response.body.items as { eventName: string; attributes: Record<string, string>; sentAt: string }[];
};

describe('sales ticker through the local runtime', () => {
  it('a live seller’s paid order reaches the room as one order:paid event with masked buyer, product, quantity, count and stock left', async () => {
    const { seller, product } = await sellerWithProduct(true);
    await placeAndPay(seller, product.productId, 3, '🍎小明');
    const [event, ...more] = await eventually(async () => {
      const items = await chatEvents(seller.sellerId);
      return items.length ? items : undefined;
    }, 'the ticker event');
    expect(more).toEqual([]);
    expect(event).toEqual({
      eventName: 'order:paid',
      attributes: { buyer: '🍎**', productId: product.productId, quantity: '3', count: '1', stockLeft: '17' },
      sentAt: expect.any(String),
    });
  }, 120_000);

  it('a seller who is not live gets no event (the order is still fulfilled through the same topic)', async () => {
    const { seller, product } = await sellerWithProduct(false);
    const { buyer, orderId } = await placeAndPay(seller, product.productId, 1, '李四');
    await eventually(async () => ((await api('GET', `/v1/orders/${orderId}`, { token: buyer })).body.status === 'FULFILMENT_REQUESTED' ? true : undefined), 'fulfilment');
    // The ticker queue has handled the paid order once it is empty (visible and in flight).
    await eventually(async () => {
      const { ticker } = (await api('GET', '/_local/queues/ticker')).body;
      return ticker.visible === 0 && ticker.inFlight === 0 ? true : undefined;
    }, 'the ticker queue to drain');
    expect(await chatEvents(seller.sellerId)).toEqual([]);
  }, 120_000);
});
