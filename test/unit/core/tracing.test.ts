/**
 * Tracing of the HTTP functions as it runs on Lambda: the X-Ray documents the daemon receives are what
 * X-Ray would show (test/support/lambda-tracing.ts).
 */
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineRoute } from '../../../lambdas/core/http/route';
import { httpEvent, invoke } from '../../support/lambda-http';
import { lambdaTracingEnvironment } from '../../support/lambda-tracing';

const lambda = await lambdaTracingEnvironment(() => ({ Item: { pk: { S: 'PROBE' }, name: { S: 'probe' } } }));
process.env.POWERTOOLS_SERVICE_NAME = 'tracing-probe';

const { tracer } = await import('../../../lambdas/core/observability');
const { documentClient, dynamoClient } = await import('../../../lambdas/core/aws/dynamodb');
const { ivsClient, ivsMetadataClient } = await import('../../../lambdas/core/aws/ivs');
const { ivschatClient } = await import('../../../lambdas/core/aws/ivschat');
const { s3Client } = await import('../../../lambdas/core/aws/s3');
const { GetCommand } = await import('@aws-sdk/lib-dynamodb');
const { httpHandler } = await import('../../../lambdas/core/http/handler');
const { notFound } = await import('../../../lambdas/core/errors');
const { ok } = await import('../../../lambdas/core/http/responses');

const probeRoute = defineRoute({
  id: 'tracingProbe',
  method: 'GET',
  path: '/v1/probe/{outcome}',
  auth: { groups: [] },
  entry: 'test/unit/core/tracing.test.ts',
  summary: 'Reads one item, or fails as asked',
  params: z.object({ outcome: z.enum(['read', 'missing', 'crash']) }),
  responses: { 200: null },
  access: [],
});

const probe = httpHandler(probeRoute, async ({ params }) => {
  if (params.outcome === 'missing') throw notFound('Probe');
  if (params.outcome === 'crash') throw new Error('unexpected');
  const { Item } = await documentClient.send(new GetCommand({ TableName: 'probe-table', Key: { pk: 'PROBE' } }));
  return ok(Item);
});

const call = (outcome: string, options: { sub?: string } = {}) => invoke(probe, httpEvent(probeRoute, { pathParameters: { outcome }, ...options }));

beforeEach(() => lambda.reset());
afterAll(() => lambda.close());

describe('tracing on Lambda (Powertools Tracer)', () => {
  it('is on where Lambda runs with active tracing', () => {
    expect(tracer.isTracingEnabled()).toBe(true);
  });

  it.each([
    ['dynamodb', dynamoClient],
    ['dynamodb (document client)', documentClient],
    ['ivs', ivsClient],
    ['ivs (metadata)', ivsMetadataClient],
    ['ivschat', ivschatClient],
    ['s3', s3Client],
  ])('the module-scope %s client records its calls', (_name, client) => {
    expect(client.middlewareStack.identify().some((entry) => entry.startsWith('XRaySDKInstrumentation'))).toBe(true);
  });

  it('records the handler with the route id, and the DynamoDB call under it', async () => {
    const response = await call('read');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ pk: 'PROBE', name: 'probe' });

    const [handler] = await lambda.handlerSegmentsOf(1);
    expect(handler!.annotations).toMatchObject({ routeId: 'tracingProbe', Service: 'tracing-probe', ColdStart: expect.any(Boolean) });
    expect(handler!.fault).toBeUndefined();
    // The SDK call's subsegment closes first, so it has reached the daemon by now.
    const calls = lambda.received.filter((doc) => doc.parent_id === handler!.id);
    expect(calls).toEqual([expect.objectContaining({ name: 'DynamoDB', aws: expect.objectContaining({ operation: 'GetItem', table_name: 'probe-table' }) })]);
  });

  it('does not mark an answer of the contract (404, 401) as a fault', async () => {
    expect((await call('missing')).status).toBe(404);
    expect((await call('read', { sub: '' })).status).toBe(401);
    for (const handler of await lambda.handlerSegmentsOf(2)) {
      expect(handler.annotations).toMatchObject({ routeId: 'tracingProbe' });
      expect(handler.fault).toBeUndefined();
    }
  });

  it('marks an unexpected error as a fault, while the client still gets the 500 envelope', async () => {
    const response = await call('crash');
    expect(response.status).toBe(500);
    expect(response.body).toMatchObject({ error: { code: 'INTERNAL' } });
    const [handler] = await lambda.handlerSegmentsOf(1);
    expect(handler!.fault).toBe(true);
  });
});
