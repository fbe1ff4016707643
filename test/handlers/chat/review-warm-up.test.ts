import { afterAll, expect, it } from 'vitest';
import { startDynamoDbStub } from '../../support/review-dynamodb-stub';

// A provisioned instance initialises before it takes traffic: its init makes one store call so that
// fetch's HTTP stack and the connection are ready for the first message's 50 ms lookup.
const stub = await startDynamoDbStub();
afterAll(() => stub.close());

it('a provisioned-concurrency init warms the store with one lookup', async () => {
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_DYNAMODB: stub.endpoint,
    AWS_REGION: 'ap-northeast-1',
    AWS_ACCESS_KEY_ID: 'ASIAWARMUPTEST',
    AWS_SECRET_ACCESS_KEY: 'warm-up-secret',
    AWS_LAMBDA_INITIALIZATION_TYPE: 'provisioned-concurrency',
  });
  await import('../../../lambdas/chat/handlers/review');
  expect(stub.requests.map((request) => request.operation)).toEqual(['GetItem']);
});
