import { z } from 'zod';
import { defineRoute } from '../core/http/route';
import { countySalesQuery, countySalesReportSchema, generatedReportSchema, monthlyCountySalesReportSchema, regenerateBody, villageReportSchema, villagesQuery } from './schemas';

const tags = ['reports'];

export const getCountySalesRoute = defineRoute({
  id: 'getCountySalesReport',
  method: 'GET',
  path: '/v1/reports/county-sales',
  auth: { groups: ['ops'] },
  entry: 'lambdas/reports/handlers/get-county-sales.ts',
  summary: "A generated day's (`date`) or month's (`month`) sales per seller county (json, csv with BOM, or an html page), optionally one province",
  tags,
  query: countySalesQuery,
  responses: {
    200: {
      content: {
        'application/json': z.union([countySalesReportSchema, monthlyCountySalesReportSchema]),
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
  summary: "(Re)generates a day's county sales report (and its aggregates) from the orders of that day, or a month's from the daily aggregates; the same orders give the same numbers",
  tags,
  body: regenerateBody,
  responses: { 202: generatedReportSchema },
  // Reading the orders day index (gsi3 only) is granted by ReportsCapability: no access token is that narrow.
  access: ['reports:write'],
  memoryMb: 1024,
  timeoutSeconds: 29,
});

export const getVillagesRoute = defineRoute({
  id: 'getVillageReport',
  method: 'GET',
  path: '/v1/reports/villages',
  auth: { groups: ['ops'] },
  entry: 'lambdas/reports/handlers/get-villages.ts',
  summary: "A county's villages and towns against the Taobao Village and Town thresholds over the 12 months ending with `month` (json, csv with BOM, or an html page)",
  tags,
  query: villagesQuery,
  responses: {
    200: {
      content: {
        'application/json': villageReportSchema,
        'text/csv': z.string().meta({ description: 'One line per village, then per town, UTF-8 with a byte order mark (`format=csv`)' }),
        'text/html': z.string().meta({ description: 'A phone-readable page: progress bars per village, the towns, the villages closest to qualifying (`format=html`)' }),
      },
    },
    404: null,
  },
  access: ['reports:read'],
  memoryMb: 512,
});

export const reportRoutes = [getCountySalesRoute, regenerateCountySalesRoute, getVillagesRoute];
