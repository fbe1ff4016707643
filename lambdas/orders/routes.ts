import { defineRoute } from '../core/http/route';
import { pageOf, paginationQuery } from '../core/http/schemas';
import { idempotencyHeaders, orderIdParams, orderSchema, placeOrderBody, sellerOrdersQuery, shipBody } from './schemas';

const tags = ['orders'];

export const placeOrderRoute = defineRoute({
  id: 'placeOrder',
  method: 'POST',
  path: '/v1/orders',
  auth: { groups: ['buyers'] },
  entry: 'lambdas/orders/handlers/place-order.ts',
  summary: 'Place an order (Idempotency-Key required); stock is reserved atomically with the order',
  tags,
  body: placeOrderBody,
  headers: idempotencyHeaders,
  responses: { 201: orderSchema, 404: null, 409: null, 422: null, 429: null },
  // catalog:write only for the conditional stock-shard decrements.
  access: ['catalog:read', 'catalog:stock', 'orders:read', 'orders:write'],
  memoryMb: 512,
});

export const listOrdersRoute = defineRoute({
  id: 'listOrders',
  method: 'GET',
  path: '/v1/orders',
  auth: { groups: [] },
  entry: 'lambdas/orders/handlers/list-orders.ts',
  summary: "The caller's orders as a buyer, newest first",
  tags,
  query: paginationQuery,
  responses: { 200: pageOf(orderSchema) },
  access: ['orders:read'],
});

export const getOrderRoute = defineRoute({
  id: 'getOrder',
  method: 'GET',
  path: '/v1/orders/{orderId}',
  auth: { groups: [] },
  entry: 'lambdas/orders/handlers/get-order.ts',
  summary: 'One order, for its buyer or its seller',
  tags,
  params: orderIdParams,
  responses: { 200: orderSchema, 404: null },
  access: ['orders:read'],
});

export const cancelOrderRoute = defineRoute({
  id: 'cancelOrder',
  method: 'POST',
  path: '/v1/orders/{orderId}/cancel',
  auth: { groups: ['buyers'] },
  entry: 'lambdas/orders/handlers/cancel-order.ts',
  summary: 'Cancel an order (its buyer); the stock is restored in the same transaction, a paid order is refunded',
  tags,
  params: orderIdParams,
  responses: { 200: orderSchema, 404: null, 409: null },
  // A paid order's trade is closed or refunded through the payment provider.
  access: ['orders:read', 'orders:write', 'catalog:stock', 'payments:provider'],
});

export const confirmDeliveryRoute = defineRoute({
  id: 'confirmDelivery',
  method: 'POST',
  path: '/v1/orders/{orderId}/confirm-delivery',
  auth: { groups: ['buyers'] },
  entry: 'lambdas/orders/handlers/confirm-delivery.ts',
  summary: 'Confirm that a shipped order arrived (its buyer)',
  tags,
  params: orderIdParams,
  responses: { 200: orderSchema, 404: null, 409: null },
  access: ['orders:read', 'orders:write'],
});

export const listSellerOrdersRoute = defineRoute({
  id: 'listSellerOrders',
  method: 'GET',
  path: '/v1/seller/orders',
  auth: { groups: ['sellers'] },
  entry: 'lambdas/orders/handlers/list-seller-orders.ts',
  summary: "The seller's orders, newest first, optionally by status",
  tags,
  query: sellerOrdersQuery,
  responses: { 200: pageOf(orderSchema) },
  access: ['orders:read'],
});

export const shipOrderRoute = defineRoute({
  id: 'shipOrder',
  method: 'POST',
  path: '/v1/seller/orders/{orderId}/ship',
  auth: { groups: ['sellers'] },
  entry: 'lambdas/orders/handlers/ship-order.ts',
  summary: 'Mark an order shipped (its seller), with carrier and tracking number',
  tags,
  params: orderIdParams,
  body: shipBody,
  responses: { 200: orderSchema, 404: null, 409: null },
  access: ['orders:read', 'orders:write'],
});

export const orderRoutes = [placeOrderRoute, listOrdersRoute, getOrderRoute, cancelOrderRoute, confirmDeliveryRoute, listSellerOrdersRoute, shipOrderRoute];
