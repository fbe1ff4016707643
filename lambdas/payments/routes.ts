import { z } from 'zod';
import { defineRoute } from '../core/http/route';
import { errorResponseSchema } from '../core/http/schemas';
import { orderIdParams } from '../orders/schemas';
import { NOTIFY_FAIL, NOTIFY_SUCCESS, notificationFields, paymentSchema } from './schemas';

const tags = ['payments'];

/* Both routes call the payment provider: its credentials (Secrets Manager) come with `payments:provider`. */

export const createPaymentRoute = defineRoute({
  id: 'createPayment',
  method: 'POST',
  path: '/v1/orders/{orderId}/payment',
  auth: { groups: ['buyers'] },
  entry: 'lambdas/payments/handlers/create-payment.ts',
  summary: "Open the order's payment with Alipay (its buyer); the same payment again while it is open",
  tags,
  params: orderIdParams,
  responses: { 200: paymentSchema, 201: paymentSchema, 404: null, 409: null, 503: null },
  access: ['orders:read', 'orders:write', 'payments:provider'],
});

export const alipayNotifyRoute = defineRoute({
  id: 'alipayNotify',
  method: 'POST',
  path: '/v1/payments/alipay/notify',
  auth: 'public',
  entry: 'lambdas/payments/handlers/alipay-notify.ts',
  summary: "Alipay's asynchronous notification (form-encoded, signed); answers the plain text success or fail",
  tags,
  body: notificationFields,
  bodyEncoding: 'form',
  responses: {
    200: { content: { 'text/plain': z.literal(NOTIFY_SUCCESS) } },
    400: { content: { 'text/plain': z.literal(NOTIFY_FAIL), 'application/json': errorResponseSchema } },
  },
  access: ['orders:read', 'orders:write', 'payments:provider'],
});

export const paymentRoutes = [createPaymentRoute, alipayNotifyRoute];
