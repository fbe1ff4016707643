import { z } from 'zod';
import type { AnyRoute } from './route';
import { errorResponseSchema } from './schemas';

const statusText: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  202: 'Accepted',
  204: 'No Content',
  400: 'Validation failed',
  401: 'Unauthenticated',
  403: 'Forbidden',
  404: 'Not found',
  409: 'Conflict',
  422: 'Idempotency key reused',
  429: 'Rate limited',
  503: 'Unavailable',
};

const toSchema = (schema: z.ZodType, io: 'input' | 'output') =>
  z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' });

function parametersOf(route: AnyRoute) {
  const parameters: object[] = [];
  const add = (location: 'path' | 'query' | 'header', schema: z.ZodType | undefined) => {
    if (!schema) return;
    const json = toSchema(schema, 'input') as { properties?: Record<string, object>; required?: string[] };
    for (const [name, property] of Object.entries(json.properties ?? {})) {
      parameters.push({ name, in: location, required: location === 'path' || (json.required ?? []).includes(name), schema: property });
    }
  };
  add('path', route.params);
  add('query', route.query);
  add('header', route.headers);
  return parameters;
}

/** The OpenAPI 3.1 document of the v1 API, generated from the routes' zod schemas. */
export function buildOpenApiDocument(routes: readonly AnyRoute[], info: { title: string; version: string }) {
  const paths: Record<string, Record<string, object>> = {};
  for (const route of routes) {
    const responses: Record<string, object> = {};
    for (const [status, schema] of Object.entries(route.responses)) {
      responses[status] = schema
        ? { description: statusText[Number(status)] ?? 'Response', content: { 'application/json': { schema: toSchema(schema, 'output') } } }
        : { description: statusText[Number(status)] ?? 'Response' };
    }
    const errorStatuses = route.auth === 'public' ? ['400', '500'] : ['400', '401', '403', '500'];
    for (const status of errorStatuses) {
      responses[status] ??= { description: statusText[Number(status)] ?? 'Error', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
    }
    (paths[route.path] ??= {})[route.method.toLowerCase()] = {
      operationId: route.id,
      summary: route.summary,
      tags: route.tags ? [...route.tags] : undefined,
      security: route.auth === 'public' ? [] : [{ bearerAuth: [] }],
      'x-village-live-groups': route.auth === 'public' ? undefined : route.auth.groups,
      parameters: parametersOf(route),
      requestBody: route.body
        ? { required: true, content: { 'application/json': { schema: toSchema(route.body, 'input') } } }
        : undefined,
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info,
    servers: [{ url: 'http://127.0.0.1:3000', description: 'Local runtime (npm start)' }],
    paths,
    components: {
      securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: { Error: toSchema(errorResponseSchema, 'output') },
    },
  };
}
