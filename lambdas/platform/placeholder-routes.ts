import { z } from 'zod';
import { defineRoute } from '../core/http/route';

/**
 * Guarded placeholder under /v1/seller/ so the API core (role checks, body validation) is exercised
 * end to end before the catalog routes exist. Removed when they arrive.
 */
export const sellerEchoRoute = defineRoute({
  id: 'sellerEcho',
  method: 'POST',
  path: '/v1/seller/echo',
  auth: { groups: ['sellers'] },
  entry: 'lambdas/platform/seller-echo.ts',
  summary: 'Echoes a message for the signed-in seller (placeholder)',
  tags: ['seller'],
  body: z.object({ message: z.string().min(1).max(100) }),
  responses: { 200: z.object({ sellerId: z.string(), message: z.string() }) },
  access: [],
});

export const placeholderRoutes = [sellerEchoRoute];
