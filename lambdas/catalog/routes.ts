import { defineRoute } from '../core/http/route';
import { pageOf, paginationQuery } from '../core/http/schemas';
import * as s from './schemas';

const sellers = { groups: ['sellers'] } as const;
const signedIn = { groups: [] } as const;
const tags = ['catalog'];

export const putProfileRoute = defineRoute({
  id: 'putSellerProfile',
  method: 'PUT',
  path: '/v1/seller/profile',
  auth: sellers,
  entry: 'lambdas/catalog/handlers/put-profile.ts',
  summary: "Creates or replaces the signed-in seller's profile",
  tags,
  body: s.profileBody,
  responses: { 200: s.profile },
  access: ['catalog:read', 'catalog:write:seller'],
});

export const getProfileRoute = defineRoute({
  id: 'getSellerProfile',
  method: 'GET',
  path: '/v1/seller/profile',
  auth: sellers,
  entry: 'lambdas/catalog/handlers/get-profile.ts',
  summary: "The signed-in seller's profile",
  tags,
  responses: { 200: s.profile, 404: null },
  access: ['catalog:read'],
});

export const createProductRoute = defineRoute({
  id: 'createProduct',
  method: 'POST',
  path: '/v1/seller/products',
  auth: sellers,
  entry: 'lambdas/catalog/handlers/create-product.ts',
  summary: 'Lists a new product with its stock',
  tags,
  body: s.createProductBody,
  responses: { 201: s.product, 409: null },
  access: ['catalog:read', 'catalog:write:products'],
});

export const listSellerProductsRoute = defineRoute({
  id: 'listSellerProducts',
  method: 'GET',
  path: '/v1/seller/products',
  auth: sellers,
  entry: 'lambdas/catalog/handlers/list-seller-products.ts',
  summary: "The signed-in seller's products (ACTIVE and HIDDEN; `status` picks one, ARCHIVED included)",
  tags,
  query: s.sellerProductsQuery,
  responses: { 200: pageOf(s.product) },
  access: ['catalog:read'],
});

export const getSellerProductRoute = defineRoute({
  id: 'getSellerProduct',
  method: 'GET',
  path: '/v1/seller/products/{productId}',
  auth: sellers,
  entry: 'lambdas/catalog/handlers/get-seller-product.ts',
  summary: 'One of the signed-in seller’s products',
  tags,
  params: s.productParams,
  responses: { 200: s.product, 404: null },
  access: ['catalog:read'],
});

export const patchProductRoute = defineRoute({
  id: 'patchProduct',
  method: 'PATCH',
  path: '/v1/seller/products/{productId}',
  auth: sellers,
  entry: 'lambdas/catalog/handlers/patch-product.ts',
  summary: 'Changes a product; `stock` sets the new total available',
  tags,
  params: s.productParams,
  body: s.patchProductBody,
  responses: { 200: s.product, 404: null, 409: null },
  access: ['catalog:read', 'catalog:write:products'],
});

export const archiveProductRoute = defineRoute({
  id: 'archiveProduct',
  method: 'DELETE',
  path: '/v1/seller/products/{productId}',
  auth: sellers,
  entry: 'lambdas/catalog/handlers/archive-product.ts',
  summary: 'Archives a product: no longer listed or orderable',
  tags,
  params: s.productParams,
  responses: { 204: null, 404: null, 409: null },
  access: ['catalog:read', 'catalog:write:products'],
});

export const createChannelRoute = defineRoute({
  id: 'createSellerChannel',
  method: 'POST',
  path: '/v1/seller/channel',
  auth: sellers,
  entry: 'lambdas/catalog/handlers/create-channel.ts',
  summary: "Creates the seller's IVS channel and chat room (idempotent: 201 the first time, 200 after)",
  tags,
  responses: { 200: s.channel, 201: s.channel, 409: null },
  access: ['catalog:read', 'catalog:write:channel', 'ivs:channels', 'ivschat:rooms'],
  timeoutSeconds: 30,
});

export const rotateStreamKeyRoute = defineRoute({
  id: 'rotateStreamKey',
  method: 'POST',
  path: '/v1/seller/channel/stream-key',
  auth: sellers,
  entry: 'lambdas/catalog/handlers/rotate-stream-key.ts',
  summary: "Replaces the channel's stream key (the old one stops working)",
  tags,
  responses: { 200: s.streamKey, 404: null },
  access: ['catalog:read', 'catalog:write:seller', 'ivs:channels'],
  timeoutSeconds: 20,
});

export const createPinRoute = defineRoute({
  id: 'createPin',
  method: 'POST',
  path: '/v1/seller/pins',
  auth: sellers,
  entry: 'lambdas/catalog/handlers/create-pin.ts',
  summary: 'Pins a product on the live stream (IVS timed metadata); a flash pin sets a discounted price and stock',
  tags,
  body: s.pinBody,
  responses: { 201: s.pin, 404: null, 409: null, 429: null },
  access: ['catalog:read', 'catalog:write:pins', 'ivs:metadata'],
  timeoutSeconds: 15,
});

export const deletePinRoute = defineRoute({
  id: 'deleteCurrentPin',
  method: 'DELETE',
  path: '/v1/seller/pins/current',
  auth: sellers,
  entry: 'lambdas/catalog/handlers/delete-pin.ts',
  summary: 'Removes the current pin',
  tags,
  responses: { 204: null, 409: null },
  access: ['catalog:read', 'catalog:write:pins', 'ivs:metadata'],
  timeoutSeconds: 15,
});

export const listLiveRoute = defineRoute({
  id: 'listLive',
  method: 'GET',
  path: '/v1/live',
  auth: signedIn,
  entry: 'lambdas/catalog/handlers/list-live.ts',
  summary: 'Sellers live now, newest broadcast first (optionally in one county)',
  tags,
  query: s.liveQuery,
  responses: { 200: pageOf(s.liveSeller) },
  access: ['catalog:read'],
});

export const countyChannelRoute = defineRoute({
  id: 'getCountyChannel',
  method: 'GET',
  path: '/v1/counties/{countyCode}/channel',
  auth: signedIn,
  entry: 'lambdas/catalog/handlers/county-channel.ts',
  summary: "The county's official channel (deployed from the stage's county list) and whether it is live",
  tags,
  params: s.countyParams,
  responses: { 200: s.countyChannel, 404: null },
  access: ['catalog:read'],
});

export const getSellerRoute = defineRoute({
  id: 'getSeller',
  method: 'GET',
  path: '/v1/sellers/{sellerId}',
  auth: signedIn,
  entry: 'lambdas/catalog/handlers/get-seller.ts',
  summary: "A seller's public profile",
  tags,
  params: s.sellerParams,
  responses: { 200: s.publicProfile, 404: null },
  access: ['catalog:read'],
});

export const listSellerPublicProductsRoute = defineRoute({
  id: 'listSellerPublicProducts',
  method: 'GET',
  path: '/v1/sellers/{sellerId}/products',
  auth: signedIn,
  entry: 'lambdas/catalog/handlers/list-public-products.ts',
  summary: "A seller's ACTIVE products",
  tags,
  params: s.sellerParams,
  query: paginationQuery,
  responses: { 200: pageOf(s.publicProduct) },
  access: ['catalog:read'],
});

export const catalogRoutes = [
  putProfileRoute,
  getProfileRoute,
  createProductRoute,
  listSellerProductsRoute,
  getSellerProductRoute,
  patchProductRoute,
  archiveProductRoute,
  createChannelRoute,
  rotateStreamKeyRoute,
  createPinRoute,
  deletePinRoute,
  listLiveRoute,
  countyChannelRoute,
  getSellerRoute,
  listSellerPublicProductsRoute,
];

/** Not HTTP routes (see CatalogCapability): the EventBridge target for `aws.ivs` "IVS Stream State Change"… */
export const liveStatusFunction = {
  id: 'liveStatus',
  entry: 'lambdas/catalog/handlers/live-status.ts',
  description: 'IVS Stream State Change → live status',
  timeoutSeconds: 30,
} as const;

/** …and the scheduled check of everyone shown live against GetStream. */
export const reconcileLiveFunction = {
  id: 'reconcileLive',
  entry: 'lambdas/catalog/handlers/reconcile-live.ts',
  description: 'Reconciles live status with IVS GetStream',
  timeoutSeconds: 120,
  rateMinutes: 5,
} as const;
