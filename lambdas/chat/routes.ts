import { defineRoute } from '../core/http/route';
import { pageOf, paginationQuery } from '../core/http/schemas';
import * as s from './schemas';

const sellers = { groups: ['sellers'] } as const;
const signedIn = { groups: [] } as const;
const tags = ['chat'];

export const getChatSettingsRoute = defineRoute({
  id: 'getChatSettings',
  method: 'GET',
  path: '/v1/seller/chat/settings',
  auth: sellers,
  entry: 'lambdas/chat/handlers/get-settings.ts',
  summary: "The signed-in seller's chat moderation settings (defaults if never set)",
  tags,
  responses: { 200: s.chatSettings },
  access: ['catalog:read'],
});

export const putChatSettingsRoute = defineRoute({
  id: 'putChatSettings',
  method: 'PUT',
  path: '/v1/seller/chat/settings',
  auth: sellers,
  entry: 'lambdas/chat/handlers/put-settings.ts',
  summary: 'Replaces the chat moderation settings: blocked terms, slow mode, contact masking (live within seconds)',
  tags,
  body: s.chatSettingsBody,
  responses: { 200: s.chatSettings },
  access: ['catalog:read', 'catalog:write:seller'],
});

export const createChatBanRoute = defineRoute({
  id: 'createChatBan',
  method: 'POST',
  path: '/v1/seller/chat/bans',
  auth: sellers,
  entry: 'lambdas/chat/handlers/create-ban.ts',
  summary: "Bans a user from the seller's chat room (optionally for a while) and disconnects them",
  tags,
  body: s.createBanBody,
  responses: { 201: s.createdChatBan, 429: null },
  access: ['catalog:read', 'catalog:write:seller', 'ivschat:moderate'],
  timeoutSeconds: 15,
});

export const deleteChatBanRoute = defineRoute({
  id: 'deleteChatBan',
  method: 'DELETE',
  path: '/v1/seller/chat/bans/{userId}',
  auth: sellers,
  entry: 'lambdas/chat/handlers/delete-ban.ts',
  summary: 'Lifts a ban (204 whether or not the user was banned)',
  tags,
  params: s.banParams,
  responses: { 204: null },
  access: ['catalog:read', 'catalog:write:seller'],
});

export const listChatBansRoute = defineRoute({
  id: 'listChatBans',
  method: 'GET',
  path: '/v1/seller/chat/bans',
  auth: sellers,
  entry: 'lambdas/chat/handlers/list-bans.ts',
  summary: 'Users banned from the seller\'s chat room now (expired bans are left out)',
  tags,
  query: paginationQuery,
  responses: { 200: pageOf(s.chatBan) },
  access: ['catalog:read'],
});

export const createChatTokenRoute = defineRoute({
  id: 'createChatToken',
  method: 'POST',
  path: '/v1/chat/token',
  auth: signedIn,
  entry: 'lambdas/chat/handlers/create-token.ts',
  summary: "A chat token for a seller's room; moderator capabilities only for the room's own seller",
  tags,
  body: s.chatTokenBody,
  responses: { 200: s.chatToken, 404: null, 429: null },
  access: ['catalog:read', 'ivschat:tokens'],
  timeoutSeconds: 15,
});

export const chatRoutes = [
  getChatSettingsRoute,
  putChatSettingsRoute,
  createChatBanRoute,
  deleteChatBanRoute,
  listChatBansRoute,
  createChatTokenRoute,
];

/**
 * Not an HTTP route: the IVS Chat message review Lambda of every room (see ChatCapability). IVS gives
 * it 200 ms; the Lambda timeout only stops a runaway invocation.
 */
export const chatReviewFunction = {
  id: 'chatReview',
  entry: 'lambdas/chat/handlers/review.ts',
  memoryMb: 512,
  timeoutSeconds: 3,
  // Source maps only serve stack traces, which this function never logs; loading them costs init time
  // (bench/moderation-bundle.ts measures both).
  nodeOptions: '--no-enable-source-maps',
} as const;
