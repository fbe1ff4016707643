import { z } from 'zod';
import { defineRoute } from '../core/http/route';
import { countySalesQuery, countySalesReportSchema, generatedReportSchema, regenerateBody } from './schemas';

const tags = ['reports'];

export const getCountySalesRoute = defineRoute({
  id: 'getCountySalesReport',
  method: 'GET',
  path: '/v1/reports/county-sales',
  auth: { groups: ['ops'] },
  entry: 'lambdas/reports/handlers/get-county-sales.ts',
  summary: "A generated day's sales per seller county (json, csv with BOM, or an html page), optionally one province",
  tags,
  query: countySalesQuery,
  responses: {
    200: {
      content: {
        'application/json': countySalesReportSchema,
        'text/csv': z.string().meta({ description: 'The same columns as CSV, UTF-8 with a byte order mark (`format=csv`)' }),
        'text/html': z.string().meta({ description: 'A readable page: a chart of the top counties and the full table (`format=html`)' }),
      },
    },
    404: null,
  },
  access: ['reports:read'],
  memoryMb: 512,
});

export const regenerateCountySalesRoute = defineRoute({
  id: 'regenerateCountySalesReport',
  method: 'POST',
  path: '/v1/reports/county-sales',
  auth: { groups: ['ops'] },
  entry: 'lambdas/reports/handlers/regenerate-county-sales.ts',
  summary: "(Re)generates a day's county sales report from the orders of that day; the same orders give the same numbers",
  tags,
  body: regenerateBody,
  responses: { 202: generatedReportSchema },
  // Reading the orders day index (gsi3 only) is granted by ReportsCapability: no access token is that narrow.
  access: ['reports:write'],
  memoryMb: 1024,
  timeoutSeconds: 29,
});

export const reportRoutes = [getCountySalesRoute, regenerateCountySalesRoute];
