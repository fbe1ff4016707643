import { createSocket } from 'node:dgram';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'vitest';

/** What the X-Ray daemon receives for one subsegment (the fields the tests look at). */
export interface TraceDocument {
  name: string;
  id: string;
  parent_id?: string;
  annotations?: Record<string, unknown>;
  fault?: boolean;
  aws?: { operation?: string; table_name?: string };
}

/** DynamoDB's answer per operation (X-Amz-Target `DynamoDB_20120810.<Operation>`). */
export type FakeDynamoDb = (operation: string) => unknown;

const listening = (server: { address(): AddressInfo | string | null }) => (server.address() as AddressInfo).port;

const operationOf = (request: IncomingMessage) => String(request.headers['x-amz-target'] ?? '').split('.').pop() ?? '';

/**
 * The environment Lambda gives a function with active tracing (execution env, task root, trace header,
 * daemon address), with a UDP socket standing in for the X-Ray daemon and an HTTP server for DynamoDB.
 * Set it up before the function's modules load: the tracer and the X-Ray SDK read it at init. Vitest runs
 * each test file in its own process, so it stays in the file that starts it.
 */
export async function lambdaTracingEnvironment(dynamoDb: FakeDynamoDb) {
  const received: TraceDocument[] = [];
  const daemon = createSocket('udp4');
  daemon.on('message', (message) => {
    const [, body] = message.toString('utf8').split('\n');
    if (body) received.push(JSON.parse(body) as TraceDocument);
  });
  await new Promise<void>((resolve) => daemon.bind(0, '127.0.0.1', resolve));

  const dynamodb = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      response.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' });
      response.end(JSON.stringify(dynamoDb(operationOf(request))));
    });
  });
  await new Promise<void>((resolve) => dynamodb.listen(0, '127.0.0.1', resolve));

  Object.assign(process.env, {
    AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    LAMBDA_TASK_ROOT: '/var/task',
    _HANDLER: 'index.handler',
    _X_AMZN_TRACE_ID: 'Root=1-6650f1e0-0123456789abcdef01234567;Parent=53995c3f42cd8ad8;Sampled=1',
    AWS_XRAY_DAEMON_ADDRESS: `127.0.0.1:${listening(daemon)}`,
    AWS_XRAY_LOG_LEVEL: 'silent',
    AWS_ENDPOINT_URL_DYNAMODB: `http://127.0.0.1:${listening(dynamodb)}`,
  });

  const handlerSegments = () => received.filter((doc) => doc.name === '## index.handler');
  return {
    received,
    /** The handler subsegments of the invocations so far (documents reach the daemon asynchronously). */
    async handlerSegmentsOf(invocations: number): Promise<TraceDocument[]> {
      await expect.poll(() => handlerSegments().length).toBe(invocations);
      return handlerSegments();
    },
    reset: () => {
      received.length = 0;
    },
    close: () => {
      daemon.close();
      dynamodb.close();
    },
  };
}
