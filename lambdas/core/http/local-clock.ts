import type { APIGatewayProxyEventV2 } from 'aws-lambda';

/**
 * Seed-only clock. `npm run seed` places a month of orders through the public API, which always
 * stamps "now"; on the local runtime (STAGE=local, a stage lib/config.ts cannot deploy) a request
 * may name the past instant it is to be handled at. Everywhere else the header is ignored.
 */
export const LOCAL_CLOCK_HEADER = 'x-village-local-now';

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;

/** The instant the request asks to be handled at, when the local runtime allows it; else undefined. */
export function localRequestTime(event: Pick<APIGatewayProxyEventV2, 'headers'>, stage = process.env.STAGE, now = Date.now()): string | undefined {
  if (stage !== 'local') return undefined;
  const value = event.headers?.[LOCAL_CLOCK_HEADER];
  if (value === undefined || !ISO_UTC.test(value)) return undefined;
  const at = Date.parse(value);
  return Number.isNaN(at) || at > now ? undefined : new Date(at).toISOString();
}

/** The instant a write is handled at: the local clock header's on the local runtime, else now. */
export function requestInstant(event: Pick<APIGatewayProxyEventV2, 'headers'>, stage = process.env.STAGE, now = Date.now()): Date {
  return new Date(localRequestTime(event, stage, now) ?? now);
}
