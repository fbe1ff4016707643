import type { z } from 'zod';
import type { AnyRoute } from './route';
import { errorResponseSchema } from './schemas';

/** A response body's schema per media type; an empty record is a response without a body. */
export type ResponseContent = Readonly<Record<string, z.ZodType>>;

const JSON_MEDIA_TYPE = 'application/json';

/** Statuses every route may answer without declaring them: validation and internal errors, and auth with a token. */
const impliedErrorStatuses = (route: AnyRoute) => (route.auth === 'public' ? [400, 500] : [400, 401, 403, 500]);

/**
 * Every status a route answers, with its body: what the OpenAPI document publishes and what the e2e
 * tests hold the handlers to. An error status always carries the error envelope.
 */
export function routeResponses(route: AnyRoute): ReadonlyMap<number, ResponseContent> {
  const responses = new Map<number, ResponseContent>();
  for (const [statusText, body] of Object.entries(route.responses)) {
    const status = Number(statusText);
    if (status >= 400 && body === null) responses.set(status, { [JSON_MEDIA_TYPE]: errorResponseSchema });
    else if (body === null) responses.set(status, {});
    else responses.set(status, 'content' in body ? body.content : { [JSON_MEDIA_TYPE]: body });
  }
  for (const status of impliedErrorStatuses(route)) {
    if (!responses.has(status)) responses.set(status, { [JSON_MEDIA_TYPE]: errorResponseSchema });
  }
  return new Map([...responses].sort(([a], [b]) => a - b));
}
