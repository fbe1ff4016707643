import { defineRoute } from '../core/http/route';
import { pageOf, paginationQuery } from '../core/http/schemas';
import * as s from './schemas';

const buyers = { groups: ['buyers'] } as const;
const signedIn = { groups: [] } as const;
const tags = ['live'];

export const followRoute = defineRoute({
  id: 'followSeller',
  method: 'PUT',
  path: '/v1/me/following/{sellerId}',
  auth: buyers,
  entry: 'lambdas/live/handlers/follow.ts',
  summary: 'Follows a seller (idempotent): their go-lives reach the caller’s notifications',
  tags,
  params: s.sellerParams,
  responses: { 204: null, 404: null },
  access: ['catalog:read', 'live:follows'],
});

export const unfollowRoute = defineRoute({
  id: 'unfollowSeller',
  method: 'DELETE',
  path: '/v1/me/following/{sellerId}',
  auth: buyers,
  entry: 'lambdas/live/handlers/unfollow.ts',
  summary: 'Stops following a seller',
  tags,
  params: s.sellerParams,
  responses: { 204: null },
  access: ['live:follows'],
});

export const listFollowingRoute = defineRoute({
  id: 'listFollowing',
  method: 'GET',
  path: '/v1/me/following',
  auth: buyers,
  entry: 'lambdas/live/handlers/list-following.ts',
  summary: 'The sellers the caller follows, and whether each is live now',
  tags,
  query: paginationQuery,
  responses: { 200: pageOf(s.followedSeller) },
  access: ['catalog:read', 'live:read:following'],
});

export const listNotificationsRoute = defineRoute({
  id: 'listNotifications',
  method: 'GET',
  path: '/v1/me/notifications',
  auth: signedIn,
  entry: 'lambdas/live/handlers/list-notifications.ts',
  summary: 'The caller’s notifications (followed sellers going live), newest first; kept 30 days',
  tags,
  query: paginationQuery,
  responses: { 200: pageOf(s.notification) },
  access: ['live:read:notifications'],
});

export const listReplaysRoute = defineRoute({
  id: 'listSellerReplays',
  method: 'GET',
  path: '/v1/sellers/{sellerId}/replays',
  auth: signedIn,
  entry: 'lambdas/live/handlers/list-replays.ts',
  summary: "A seller's recorded broadcasts, newest first, with the pins made during each",
  tags,
  params: s.sellerParams,
  query: paginationQuery,
  responses: { 200: pageOf(s.replay) },
  access: ['live:read:replays'],
});

export const liveRoutes = [followRoute, unfollowRoute, listFollowingRoute, listNotificationsRoute, listReplaysRoute];

/** Not HTTP routes (see LiveCapability): the go-live fan-out worker (SQS)… */
export const fanoutWorkerFunction = {
  id: 'liveFanout',
  entry: 'lambdas/live/handlers/fanout-worker.ts',
  description: 'Go-live fan-out: one page of followers → notifications',
  timeoutSeconds: 60,
  batchSize: 5,
} as const;

/**
 * The sales ticker's SQS worker (lambdas/live/domain/ticker.ts): paid orders from the "paid orders"
 * topic, up to 1,000 per batch with a 1 s window, and its own delayed flushes.
 */
export const tickerWorkerFunction = {
  id: 'salesTicker',
  entry: 'lambdas/live/handlers/ticker-worker.ts',
  description: 'Sales ticker: paid orders → one IVS Chat order:paid event per room per interval',
  timeoutSeconds: 30,
  batchSize: 1000,
  maxBatchingWindowSeconds: 1,
} as const;

/** …and the EventBridge target for `aws.ivs` "IVS Recording State Change" (replays). */
export const recordingStateFunction = {
  id: 'recordingState',
  entry: 'lambdas/live/handlers/recording-state.ts',
  description: 'IVS Recording State Change → replay',
  timeoutSeconds: 30,
} as const;
