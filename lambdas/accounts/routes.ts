import { defineRoute } from '../core/http/route';
import { pageOf } from '../core/http/schemas';
import * as s from './schemas';

const signedIn = { groups: [] } as const;
const ops = { groups: ['ops'] } as const;
const tags = ['accounts'];

export const applyAsSellerRoute = defineRoute({
  id: 'applyAsSeller',
  method: 'POST',
  path: '/v1/seller/application',
  auth: signedIn,
  entry: 'lambdas/accounts/handlers/apply-as-seller.ts',
  summary: 'Applies to sell; replaces a pending or rejected application. Ops review it.',
  tags,
  body: s.applicationBody,
  responses: { 202: s.sellerApplication, 409: null },
  access: ['accounts:apply'],
});

export const listSellerApplicationsRoute = defineRoute({
  id: 'listSellerApplications',
  method: 'GET',
  path: '/v1/ops/seller-applications',
  auth: ops,
  entry: 'lambdas/accounts/handlers/list-seller-applications.ts',
  summary: 'Seller applications in one status (default PENDING), oldest first',
  tags,
  query: s.applicationsQuery,
  responses: { 200: pageOf(s.sellerApplication) },
  access: ['accounts:read'],
});

export const approveSellerApplicationRoute = defineRoute({
  id: 'approveSellerApplication',
  method: 'POST',
  path: '/v1/ops/seller-applications/{userId}/approve',
  auth: ops,
  entry: 'lambdas/accounts/handlers/approve-seller-application.ts',
  summary: 'Approves an application: the user joins the sellers group (idempotent)',
  tags,
  params: s.applicationParams,
  responses: { 200: s.sellerApplication, 404: null, 409: null },
  access: ['accounts:decide', 'cognito:sellers'],
});

export const rejectSellerApplicationRoute = defineRoute({
  id: 'rejectSellerApplication',
  method: 'POST',
  path: '/v1/ops/seller-applications/{userId}/reject',
  auth: ops,
  entry: 'lambdas/accounts/handlers/reject-seller-application.ts',
  summary: 'Rejects an application with a reason the applicant sees',
  tags,
  params: s.applicationParams,
  body: s.rejectBody,
  responses: { 200: s.sellerApplication, 404: null, 409: null },
  access: ['accounts:decide'],
});

export const accountRoutes = [applyAsSellerRoute, listSellerApplicationsRoute, approveSellerApplicationRoute, rejectSellerApplicationRoute];
