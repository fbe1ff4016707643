import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';

/**
 * Why the review path does not use the AWS SDK: the message review handler must answer IVS Chat within
 * 200 ms (a hard limit), cold starts included, and the SDK's DynamoDB client was ~88% of its bundle and
 * of its init time (bench/moderation-bundle.ts). This path needs two operations, so it speaks
 * DynamoDB's JSON protocol itself: a `fetch` POST, signed with AWS's own SigV4 signer. Everything
 * else in the code base uses the SDK (lambdas/core/aws/*) and should keep doing so.
 *
 * One job: signed GetItem, Query and PutItem, one attempt each, each under its own time limit.
 */

/** The DynamoDB JSON attribute values the review items use (plus SS, which the settings reader tolerates). */
export type AttributeValue =
  | { S: string }
  | { NULL: true }
  | { N: string }
  | { BOOL: boolean }
  | { SS: string[] }
  | { L: AttributeValue[] }
  | { M: AttributeMap };
export type AttributeMap = Record<string, AttributeValue>;

export interface GetItemInput {
  TableName: string;
  Key: AttributeMap;
  ProjectionExpression?: string;
  ConsistentRead?: boolean;
}

export interface QueryInput {
  TableName: string;
  KeyConditionExpression: string;
  FilterExpression?: string;
  ProjectionExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues: AttributeMap;
  ExclusiveStartKey?: AttributeMap;
}

export interface QueryPage {
  Items: AttributeMap[];
  /** Present when there is more to read: the next page starts after it. */
  LastEvaluatedKey?: AttributeMap;
}

export interface PutItemInput {
  TableName: string;
  Item: AttributeMap;
  ConditionExpression?: string;
  ExpressionAttributeValues?: AttributeMap;
}

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface DynamoDbLiteConfig {
  /** e.g. https://dynamodb.us-east-1.amazonaws.com/ or DynamoDB Local's http://127.0.0.1:port */
  endpoint: string;
  region: string;
  credentials: Credentials;
  /** Each call is abandoned (its request aborted) after this long. */
  timeoutMs: number;
}

export interface DynamoDbLite {
  /** Resolves the item's attributes (only those projected), or undefined when there is no such item. */
  getItem(input: GetItemInput, signal?: AbortSignal): Promise<AttributeMap | undefined>;
  /** One page of a Query (DynamoDB reads at most 1 MB per page). */
  query(input: QueryInput, signal?: AbortSignal): Promise<QueryPage>;
  /** Resolves once written; a failed condition rejects with a DynamoDbError named ConditionalCheckFailedException. */
  putItem(input: PutItemInput, signal?: AbortSignal): Promise<void>;
}

/** An error answer from DynamoDB: `name` is the short error code (`ConditionalCheckFailedException`, `ValidationException`, ...). */
export class DynamoDbError extends Error {
  constructor(
    code: string,
    message: string,
    readonly statusCode: number,
  ) {
    super(message);
    this.name = code;
  }
}

/** No answer within the call's own time limit (the request is aborted). */
export class DynamoDbTimeoutError extends Error {
  override readonly name = 'TimeoutError';
}

export const isConditionalCheckFailed = (error: unknown): boolean =>
  error instanceof DynamoDbError && error.name === 'ConditionalCheckFailedException';

/**
 * Endpoint, region and credentials from a Lambda environment, as the SDK would take them: the
 * DynamoDB-specific endpoint override, then the general one, then the regional endpoint (every IVS
 * Chat region is in the `aws` partition). Throws when something required is missing.
 */
export function configFromEnvironment(env: Record<string, string | undefined>, timeoutMs: number): DynamoDbLiteConfig {
  const required = (name: string) => {
    const value = env[name];
    if (!value) throw new Error(`Invalid environment: ${name} is required`);
    return value;
  };
  const region = required('AWS_REGION');
  const credentials: Credentials = { accessKeyId: required('AWS_ACCESS_KEY_ID'), secretAccessKey: required('AWS_SECRET_ACCESS_KEY') };
  if (env.AWS_SESSION_TOKEN) credentials.sessionToken = env.AWS_SESSION_TOKEN;
  const endpoint = env.AWS_ENDPOINT_URL_DYNAMODB || env.AWS_ENDPOINT_URL || `https://dynamodb.${region}.amazonaws.com/`;
  return { endpoint, region, credentials, timeoutMs };
}

/** `com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException` → `ConditionalCheckFailedException` (as the SDK names it). */
const errorCode = (type: string) => type.slice(type.lastIndexOf('#') + 1).split(':')[0]!;

async function errorFrom(response: Response): Promise<DynamoDbError> {
  const text = await response.text();
  let body: { __type?: unknown; message?: unknown; Message?: unknown } = {};
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    // not JSON (a proxy or load balancer answered): keep the status
  }
  const type = typeof body.__type === 'string' ? body.__type : (response.headers.get('x-amzn-errortype') ?? '');
  const message = typeof body.message === 'string' ? body.message : typeof body.Message === 'string' ? body.Message : `HTTP ${response.status}`;
  return new DynamoDbError(type ? errorCode(type) : 'UnknownError', message, response.status);
}

export function createDynamoDbLite(config: DynamoDbLiteConfig): DynamoDbLite {
  const url = new URL(config.endpoint);
  const signer = new SignatureV4({
    service: 'dynamodb',
    region: config.region,
    credentials: config.credentials,
    sha256: Hash.bind(null, 'sha256'),
  });

  async function call(operation: 'GetItem' | 'Query' | 'PutItem', input: GetItemInput | QueryInput | PutItemInput, signal: AbortSignal | undefined): Promise<unknown> {
    // Node loads fetch's HTTP stack (undici) on the first fetch() call, not at import: an instance's
    // first call costs far more than the later ones and may overrun its limit (then it fails open).
    const timeout = AbortSignal.timeout(config.timeoutMs);
    const body = JSON.stringify(input);
    const signed = await signer.sign({
      method: 'POST',
      protocol: url.protocol,
      hostname: url.hostname,
      ...(url.port ? { port: Number(url.port) } : {}),
      path: url.pathname,
      query: {},
      headers: {
        // fetch sends exactly this Host (with the port when it is not the default one).
        host: url.host,
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': `DynamoDB_20120810.${operation}`,
      },
      body,
    });
    const { host: _host, ...headers } = signed.headers;

    try {
      const response = await fetch(url, { method: 'POST', headers, body, signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
      if (!response.ok) throw await errorFrom(response);
      return await response.json();
    } catch (error) {
      if (timeout.aborted && !signal?.aborted) {
        throw new DynamoDbTimeoutError(`DynamoDB ${operation} gave no answer within ${config.timeoutMs} ms`, { cause: error });
      }
      throw error;
    }
  }

  return {
    async getItem(input, signal) {
      const output = (await call('GetItem', input, signal)) as { Item?: AttributeMap };
      return output.Item;
    },
    async query(input, signal) {
      const output = (await call('Query', input, signal)) as { Items?: AttributeMap[]; LastEvaluatedKey?: AttributeMap };
      return output.LastEvaluatedKey ? { Items: output.Items ?? [], LastEvaluatedKey: output.LastEvaluatedKey } : { Items: output.Items ?? [] };
    },
    async putItem(input, signal) {
      await call('PutItem', input, signal);
    },
  };
}
