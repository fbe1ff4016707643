import { afterAll, beforeEach, expect, it, vi } from 'vitest';
import { startDynamoDbStub } from '../../support/review-dynamodb-stub';

/**
 * What the review handler does at init, by initialisation type. A provisioned instance initialises
 * before it takes traffic: it compiles the global terms and makes one store call so that fetch's HTTP
 * stack and the connection are ready for the first message's 50 ms lookup. An on-demand cold start
 * is on a message's time: it must do neither (the first message compiles the small global list).
 */
const compiles = vi.hoisted(() => ({ count: 0 }));
vi.mock('../../../lambdas/chat/moderation/term-matcher', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../../lambdas/chat/moderation/term-matcher')>();
  return {
    ...original,
    compileTermMatcher: (...args: Parameters<typeof original.compileTermMatcher>) => {
      compiles.count += 1;
      return original.compileTermMatcher(...args);
    },
    startTermMatcherBuild: (...args: Parameters<typeof original.startTermMatcherBuild>) => {
      compiles.count += 1;
      return original.startTermMatcherBuild(...args);
    },
  };
});

const stub = await startDynamoDbStub();
afterAll(() => stub.close());

beforeEach(() => {
  vi.resetModules();
  stub.reset();
  compiles.count = 0;
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_DYNAMODB: stub.endpoint,
    AWS_REGION: 'ap-northeast-1',
    AWS_ACCESS_KEY_ID: 'ASIAWARMUPTEST',
    AWS_SECRET_ACCESS_KEY: 'warm-up-secret',
  });
});

it('a provisioned-concurrency init compiles the global terms and warms the store with one lookup', async () => {
  process.env.AWS_LAMBDA_INITIALIZATION_TYPE = 'provisioned-concurrency';
  await import('../../../lambdas/chat/handlers/review');
  expect(compiles.count).toBe(1);
  expect(stub.requests.map((request) => request.operation)).toEqual(['GetItem']);
});

it("the warm-up lookup waits for its answer, beyond a message call's 50 ms (else it warms nothing)", async () => {
  process.env.AWS_LAMBDA_INITIALIZATION_TYPE = 'provisioned-concurrency';
  stub.answer(() => ({ body: {}, delayMs: 200 }));
  await import('../../../lambdas/chat/handlers/review');
  expect(stub.requests).toHaveLength(1);
  expect(stub.requests[0]!.clientGaveUp).toBe(false);
});

it('an on-demand init compiles nothing and calls nothing; the first message compiles the global terms', async () => {
  process.env.AWS_LAMBDA_INITIALIZATION_TYPE = 'on-demand';
  const { handler } = await import('../../../lambdas/chat/handlers/review');
  expect(compiles.count).toBe(0);
  expect(stub.requests).toEqual([]);

  expect((await handler({ Content: '加微信便宜卖' })).ReviewResult).toBe('DENY');
  expect(compiles.count).toBe(1);
});
