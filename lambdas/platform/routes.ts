import { z } from 'zod';
import { defineRoute } from '../core/http/route';

export const healthRoute = defineRoute({
  id: 'health',
  method: 'GET',
  path: '/v1/health',
  auth: 'public',
  entry: 'lambdas/platform/health.ts',
  summary: 'Liveness check',
  tags: ['platform'],
  responses: { 200: z.object({ status: z.literal('ok') }) },
  access: [],
  memoryMb: 128,
});

export const platformRoutes = [healthRoute];
