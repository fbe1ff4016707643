import { describe, expect, it } from 'vitest';
import { decodePin, decodeProduct, decodeStockShard } from '../../../lambdas/catalog/item-decoders';
import { currentPinKey, productKey } from '../../../lambdas/catalog/model';
import { newShardItem, stockShardKey } from '../../../lambdas/catalog/stock-shards';
import { MalformedItemError } from '../../../lambdas/core/item-decoder';
import { decodeBuyerLimitCounter, decodeOrder, decodeShipmentRequest } from '../../../lambdas/orders/item-decoders';
import { buyerLimitKey, orderKey, shipmentRequestKey } from '../../../lambdas/orders/model';
import { orderToItem } from '../../../lambdas/orders/store/order-store';

const product = { productId: 'P1', sellerId: 's1', title: '西瓜', unit: 'jin', priceFen: 350, status: 'ACTIVE', stockShards: 2, createdAt: 'c', updatedAt: 'u' };
const pin = {
  pinId: 'PIN1',
  sellerId: 's1',
  productId: 'P1',
  flashPriceFen: 300,
  flashStock: 5,
  flashStockShards: 2,
  perBuyerLimit: null,
  startsAt: '2026-06-01T08:00:00.000Z',
  endsAt: '2026-06-01T08:05:00.000Z',
};
const order = {
  orderId: 'O1',
  buyerId: 'b1',
  sellerId: 's1',
  sellerCountyCode: '371721',
  status: 'CANCELLED' as const,
  items: [{ productId: 'P1', title: '西瓜', unitPriceFen: 300, quantity: 2, lineTotalFen: 600, pool: { kind: 'FLASH' as const, id: 'PIN1', shards: 2 }, takes: [{ shard: 1, quantity: 2 }] }],
  totalFen: 600,
  unitCount: 2,
  shippingAddress: { name: '张三', phone: '13800138000', countyCode: '110101', detail: 'x' },
  createdAt: '2026-06-01T08:01:00.000Z',
  updatedAt: '2026-06-01T08:01:00.000Z',
  payBy: '2026-06-01T08:06:00.000Z',
  history: [
    { status: 'PENDING_PAYMENT' as const, at: '2026-06-01T08:01:00.000Z' },
    { status: 'PAID' as const, at: '2026-06-01T08:02:00.000Z' },
    { status: 'CANCELLED' as const, at: '2026-06-01T08:03:00.000Z' },
  ],
  version: 4,
  payment: { paymentId: 'VLPO1', provider: 'alipay' as const, amountFen: 600, payUrl: 'https://pay.example/VLPO1', expiresAt: '2026-06-01T08:06:00.000Z', createdAt: '2026-06-01T08:01:30.000Z' },
  paidAt: '2026-06-01T08:02:00.000Z',
  refund: { status: 'PENDING' as const, amountFen: 600, reason: 'CANCELLED' as const, requestedAt: '2026-06-01T08:03:00.000Z' },
  idempotencyKey: 'key-12345',
  requestHash: 'h',
  buyerLimit: { pinId: 'PIN1', units: 2, limit: 3, expiresAt: pin.endsAt },
};

/** The decoder's error for `item`, which must be malformed. */
function malformed(decode: (item: Record<string, unknown>) => unknown, item: Record<string, unknown>): MalformedItemError {
  try {
    decode(item);
  } catch (error) {
    if (error instanceof MalformedItemError) return error;
    throw error;
  }
  throw new Error('decoded a malformed item');
}

describe('item decoders: every item read is checked at the store boundary', () => {
  it('decode well-formed items and drop storage attributes (keys, indexes, entity type)', () => {
    expect(decodeProduct({ ...productKey('s1', 'P1'), gsi1pk: 'x', gsi1sk: 'y', ...product })).toEqual(product);
    expect(decodePin({ ...currentPinKey('s1'), ...pin })).toEqual(pin);
    const shard = newShardItem({ productId: 'P1', status: 'ACTIVE', priceFen: 350 }, 1, 4);
    const { pk: _pk, sk: _sk, ...state } = shard;
    expect(decodeStockShard({ ...shard })).toEqual(state);
    expect(decodeOrder(orderToItem(order))).toEqual(order);
    const shipment = { orderId: 'O1', sellerId: 's1', buyerId: 'b1', items: [{ productId: 'P1', title: '西瓜', quantity: 2 }], shippingAddress: order.shippingAddress, requestedAt: 't', status: 'OPEN', updatedAt: 't' };
    expect(decodeShipmentRequest({ ...shipmentRequestKey('O1'), entityType: 'SHIPMENT_REQUEST', ...shipment })).toEqual(shipment);
    expect(decodeBuyerLimitCounter({ ...buyerLimitKey('PIN1', 'b1'), units: 2, expiresAt: 1 })).toEqual({ units: 2, expiresAt: 1 });
  });

  it('a malformed item is an error that names its type, its key and the problem', () => {
    const cases: [string, () => MalformedItemError, Record<string, string>, string][] = [
      ['product', () => malformed(decodeProduct, { ...productKey('s1', 'P1'), ...product, priceFen: '350' }), productKey('s1', 'P1'), 'priceFen'],
      ['pin', () => malformed(decodePin, { ...currentPinKey('s1'), ...pin, flashStock: null }), currentPinKey('s1'), 'flashPriceFen and flashStock'],
      ['stock shard', () => malformed(decodeStockShard, { ...newShardItem({ productId: 'P1', status: 'ACTIVE', priceFen: 350 }, 0, 4), available: 5 }), stockShardKey('P1', 0), 'unsold must equal'],
      ['stock shard', () => malformed(decodeStockShard, { ...stockShardKey('P1', 0), productId: 'P1', shard: 0, available: 4 }), stockShardKey('P1', 0), 'unsold'],
      ['order', () => malformed(decodeOrder, { ...orderToItem(order), status: 'LOST' }), orderKey('O1'), 'status'],
      ['shipment request', () => malformed(decodeShipmentRequest, { ...shipmentRequestKey('O1'), orderId: 'O1' }), shipmentRequestKey('O1'), 'sellerId'],
      ['buyer limit counter', () => malformed(decodeBuyerLimitCounter, { ...buyerLimitKey('PIN1', 'b1'), units: -1 }), buyerLimitKey('PIN1', 'b1'), 'units'],
    ];
    for (const [type, decode, key, problem] of cases) {
      const error = decode();
      expect(error.itemType).toBe(type);
      expect(error.key).toEqual(key);
      expect(error.message).toContain(JSON.stringify(key));
      expect(error.message).toContain(problem);
    }
  });
});
