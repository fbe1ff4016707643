import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  configFromEnvironment,
  createDynamoDbLite,
  DynamoDbError,
  DynamoDbTimeoutError,
  isConditionalCheckFailed,
  type Credentials,
  type DynamoDbLite,
} from '../../../lambdas/chat/review/dynamodb-lite';
import { errorReply, startDynamoDbStub, type DynamoDbStub, type RecordedRequest } from '../../support/review-dynamodb-stub';

const REGION = 'ap-northeast-1';
const credentials: Credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const getInput = { TableName: 'catalog', Key: { pk: { S: 'ROOM#arn:room/a' }, sk: { S: 'ROOM' } }, ProjectionExpression: 'sellerId' };
const putInput = {
  TableName: 'catalog',
  Item: { pk: { S: 'SLOWMODE#arn:room/a#u1' }, sk: { S: 'SLOWMODE' }, lastMessageAt: { N: '1000' }, expiresAt: { N: '61' } },
  ConditionExpression: 'attribute_not_exists(pk) OR lastMessageAt <= :previousAtMost',
  ExpressionAttributeValues: { ':previousAtMost': { N: '0' } },
};

let stub: DynamoDbStub;
const client = (overrides: { credentials?: Credentials; timeoutMs?: number } = {}): DynamoDbLite =>
  createDynamoDbLite({ endpoint: stub.endpoint, region: REGION, credentials: overrides.credentials ?? credentials, timeoutMs: overrides.timeoutMs ?? 5_000 });

/** Signs what the server received again, with AWS's signer and the request's own date: equal only if what was signed is what was sent. */
async function resign(request: RecordedRequest, creds: Credentials): Promise<string> {
  const signedNames = /SignedHeaders=([^,]+)/.exec(String(request.headers.authorization))![1]!.split(';');
  const headers = Object.fromEntries(signedNames.map((name) => [name, String(request.headers[name])]));
  const [, y, mo, d, h, mi, s] = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(String(request.headers['x-amz-date']))!;
  const signer = new SignatureV4({ service: 'dynamodb', region: REGION, credentials: creds, sha256: Hash.bind(null, 'sha256') });
  const url = new URL(stub.endpoint);
  const signed = await signer.sign(
    { method: 'POST', protocol: url.protocol, hostname: url.hostname, port: Number(url.port), path: request.path, query: {}, headers, body: request.rawBody },
    { signingDate: new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}Z`) },
  );
  return signed.headers.authorization!;
}

beforeAll(async () => {
  stub = await startDynamoDbStub();
});
beforeEach(() => stub.reset());
afterAll(() => stub.close());

describe('dynamodb-lite: the review path\'s signed GetItem / PutItem', () => {
  it('GetItem: JSON protocol headers, the input as the JSON body, a SigV4 signature over what was sent', async () => {
    stub.answer(() => ({ body: { Item: { sellerId: { S: 'zhang' } } } }));

    expect(await client().getItem(getInput)).toEqual({ sellerId: { S: 'zhang' } });

    expect(stub.requests).toHaveLength(1);
    const [request] = stub.requests;
    expect(request!.path).toBe('/');
    expect(request!.headers['x-amz-target']).toBe('DynamoDB_20120810.GetItem');
    expect(request!.headers['content-type']).toBe('application/x-amz-json-1.0');
    expect(request!.body).toEqual(getInput);
    expect(request!.headers.host).toBe(new URL(stub.endpoint).host);
    expect(request!.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/ap-northeast-1\/dynamodb\/aws4_request, SignedHeaders=[a-z0-9;-]+, Signature=[0-9a-f]{64}$/,
    );
    const signedHeaders = /SignedHeaders=([^,]+)/.exec(String(request!.headers.authorization))![1]!.split(';');
    expect(signedHeaders).toEqual(expect.arrayContaining(['content-type', 'host', 'x-amz-date', 'x-amz-target']));
    expect(request!.headers['x-amz-security-token']).toBeUndefined();
    expect(await resign(request!, credentials)).toBe(request!.headers.authorization);
  });

  it('GetItem of a missing item resolves undefined', async () => {
    expect(await client().getItem(getInput)).toBeUndefined();
  });

  it('sends and signs the session token when the credentials carry one', async () => {
    const withToken = { ...credentials, sessionToken: 'IQoJb3JpZ2luX2VjEXAMPLE//token' };
    await client({ credentials: withToken }).getItem(getInput);

    const [request] = stub.requests;
    expect(request!.headers['x-amz-security-token']).toBe(withToken.sessionToken);
    expect(String(request!.headers.authorization)).toMatch(/SignedHeaders=[^,]*x-amz-security-token/);
    expect(await resign(request!, withToken)).toBe(request!.headers.authorization);
  });

  it('PutItem: target header and the conditional put as the JSON body', async () => {
    await expect(client().putItem(putInput)).resolves.toBeUndefined();

    const [request] = stub.requests;
    expect(request!.headers['x-amz-target']).toBe('DynamoDB_20120810.PutItem');
    expect(request!.headers['content-type']).toBe('application/x-amz-json-1.0');
    expect(request!.body).toEqual(putInput);
  });

  describe('errors', () => {
    it('a failed condition becomes a DynamoDbError named ConditionalCheckFailedException', async () => {
      stub.answer(() => errorReply('ConditionalCheckFailedException', 'The conditional request failed'));

      const error = await client().putItem(putInput).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(DynamoDbError);
      expect(error).toMatchObject({ name: 'ConditionalCheckFailedException', message: 'The conditional request failed', statusCode: 400 });
      expect(isConditionalCheckFailed(error)).toBe(true);
    });

    it.each([
      ['a coral type with Message', { status: 400, body: { __type: 'com.amazon.coral.validate#ValidationException', Message: 'bad key' } }, 'ValidationException', 'bad key', 400],
      ['a type with a suffix', { status: 400, body: { __type: 'com.amazonaws.dynamodb.v20120810#ThrottlingException:http://x', message: 'slow down' } }, 'ThrottlingException', 'slow down', 400],
      ['the x-amzn-ErrorType header only', { status: 503, body: '', headers: { 'x-amzn-ErrorType': 'ServiceUnavailable' } }, 'ServiceUnavailable', 'HTTP 503', 503],
      ['no JSON at all', { status: 502, body: '<html>Bad Gateway</html>' }, 'UnknownError', 'HTTP 502', 502],
    ] as const)('parses %s', async (_case, reply, name, message, statusCode) => {
      stub.answer(() => reply);

      const error = await client().getItem(getInput).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(DynamoDbError);
      expect(error).toMatchObject({ name, message, statusCode });
      expect(isConditionalCheckFailed(error)).toBe(false);
    });

    it('a server that never answers: the call rejects with the timeout error', async () => {
      stub.answer(() => 'hang');

      const error = await client({ timeoutMs: 100 }).getItem(getInput).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(DynamoDbTimeoutError);
      expect(error).toMatchObject({ name: 'TimeoutError', message: 'DynamoDB GetItem gave no answer within 100 ms' });
    });

    it("the caller's abort ends the call with the caller's reason, not a timeout", async () => {
      stub.answer(() => 'hang');
      const caller = new AbortController();

      const pending = client().putItem(putInput, caller.signal).catch((e: unknown) => e);
      await expect.poll(() => stub.requests.length).toBe(1);
      caller.abort();
      const error = await pending;

      expect(error).not.toBeInstanceOf(DynamoDbTimeoutError);
      expect(error).toMatchObject({ name: 'AbortError' });
    });
  });
});

describe('dynamodb-lite: configuration from the Lambda environment', () => {
  const lambdaEnv = { AWS_REGION: 'eu-west-1', AWS_ACCESS_KEY_ID: 'AKID', AWS_SECRET_ACCESS_KEY: 'secret' };

  it('the regional endpoint and the environment credentials', () => {
    expect(configFromEnvironment(lambdaEnv, 50)).toEqual({
      endpoint: 'https://dynamodb.eu-west-1.amazonaws.com/',
      region: 'eu-west-1',
      credentials: { accessKeyId: 'AKID', secretAccessKey: 'secret' },
      timeoutMs: 50,
    });
  });

  it('the session token when there is one', () => {
    expect(configFromEnvironment({ ...lambdaEnv, AWS_SESSION_TOKEN: 'tok' }, 50).credentials).toEqual({ accessKeyId: 'AKID', secretAccessKey: 'secret', sessionToken: 'tok' });
  });

  it('AWS_ENDPOINT_URL_DYNAMODB over AWS_ENDPOINT_URL over the regional endpoint', () => {
    expect(configFromEnvironment({ ...lambdaEnv, AWS_ENDPOINT_URL: 'http://127.0.0.1:4566' }, 50).endpoint).toBe('http://127.0.0.1:4566');
    expect(configFromEnvironment({ ...lambdaEnv, AWS_ENDPOINT_URL: 'http://127.0.0.1:4566', AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:8000' }, 50).endpoint).toBe(
      'http://127.0.0.1:8000',
    );
  });

  it.each(['AWS_REGION', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'])('fails at init without %s', (name) => {
    expect(() => configFromEnvironment({ ...lambdaEnv, [name]: undefined }, 50)).toThrow(`Invalid environment: ${name} is required`);
  });
});
