import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { orderKey } from '../../lambdas/orders/model';
import { orderIdOfPayment } from '../../lambdas/payments/payment-ids';
import { tables } from '../../lib/topology';
import { localCredentials, localRegion } from '../emulators/local-aws';
import type { RuntimeContext } from '../extension';

const orderPayment = z.object({ payment: z.object({ paymentId: z.string(), payUrl: z.url() }) });

/** Resolves a payment id to the pay URL the payment route gave its buyer. */
export interface PayUrls {
  /** undefined: not one of our payment ids, no such order, or the order has no payment opened. */
  payUrlOf(paymentId: string): Promise<string | undefined>;
  stop(): void;
}

/**
 * The pay URL of a payment, read back from its order (the payment id names the order, payment-ids.ts):
 * the alipay-sdk builds pay URLs without calling Alipay, so the stand-in only learns of a trade when a
 * buyer opens one, and the `/pay` control route opens it for a buyer who never did.
 */
export function payUrlsFromOrders(context: RuntimeContext): PayUrls {
  const client = new DynamoDBClient({ endpoint: context.endpoints.dynamodb, region: localRegion, credentials: localCredentials });
  const documents = DynamoDBDocumentClient.from(client);
  const table = context.env[tables.orders.envName] ?? tables.orders.localName;
  return {
    async payUrlOf(paymentId) {
      const orderId = orderIdOfPayment(paymentId);
      if (!orderId) return undefined;
      const { Item } = await documents.send(new GetCommand({ TableName: table, Key: orderKey(orderId), ConsistentRead: true, ProjectionExpression: 'payment' }));
      const parsed = orderPayment.safeParse(Item);
      return parsed.success && parsed.data.payment.paymentId === paymentId ? parsed.data.payment.payUrl : undefined;
    },
    stop: () => client.destroy(),
  };
}
