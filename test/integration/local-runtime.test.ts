import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { tables } from '../../lib/topology';
import { assertJavaAvailable, JavaMissingError } from '../../local/emulators/dynamodb-local';
import { localCredentials, localRegion } from '../../local/emulators/local-aws';
import { startLocalRuntime } from '../../local/runtime';
import { baseUrl } from '../support/local-api';

const isRunning = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const dataDir = mkdtempSync(join(tmpdir(), 'village-live-runtime-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('local runtime lifecycle', () => {
  it('keeps data across restarts in its data directory and leaves no process behind', async () => {
    const key = { pk: 'RUNTIME#persistence', sk: 'PROBE' };
    const first = await startLocalRuntime({ dataDir, port: 0, extensions: [] });
    const endpoint = first.env.AWS_ENDPOINT_URL_DYNAMODB!;
    const client = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint, region: localRegion, credentials: localCredentials }));
    await client.send(new PutCommand({ TableName: tables.catalog.localName, Item: { ...key, note: 'survives a restart' } }));
    client.destroy();
    expect(first.childPids.length).toBeGreaterThan(0);
    await first.stop();
    for (const pid of first.childPids) expect(isRunning(pid)).toBe(false);

    const second = await startLocalRuntime({ dataDir, port: 0, extensions: [] });
    try {
      const again = DynamoDBDocumentClient.from(
        new DynamoDBClient({ endpoint: second.env.AWS_ENDPOINT_URL_DYNAMODB!, region: localRegion, credentials: localCredentials }),
      );
      const { Item } = await again.send(new GetCommand({ TableName: tables.catalog.localName, Key: key }));
      again.destroy();
      expect(Item?.note).toBe('survives a restart');
      const health = await fetch(`${second.url}/v1/health`);
      expect(health.status).toBe(200);
    } finally {
      await second.stop();
    }
    for (const pid of second.childPids) expect(isRunning(pid)).toBe(false);
  }, 300_000); // two DynamoDB Local starts, each up to 120 s on a busy machine

  it('says how to install Java when it is missing', () => {
    const path = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      expect(() => assertJavaAvailable()).toThrow(JavaMissingError);
      expect(() => assertJavaAvailable()).toThrow(/apt-get install -y default-jre-headless/);
    } finally {
      process.env.PATH = path;
    }
  });
});

interface RawResponse {
  status: number;
  requestIdHeader: string | undefined;
  body: { error?: { code: string; message: string }; requestId?: string };
}

/** A real HTTP request to the shared runtime's gateway, with a Host header of our choosing. */
function rawRequest(options: { method: string; path: string; host?: string; contentType?: string; body?: string }): Promise<RawResponse> {
  const { port } = new URL(baseUrl);
  const headers: Record<string, string> = { host: options.host ?? `127.0.0.1:${port}` };
  if (options.contentType) headers['content-type'] = options.contentType;
  return new Promise((resolve, reject) => {
    const outgoing = request({ host: '127.0.0.1', port, method: options.method, path: options.path, headers }, (incoming) => {
      const chunks: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      incoming.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const isJson = incoming.headers['content-type']?.startsWith('application/json') ?? false;
        const requestIdHeader = incoming.headers['x-request-id'];
        resolve({
          status: incoming.statusCode ?? 0,
          requestIdHeader: typeof requestIdHeader === 'string' ? requestIdHeader : undefined,
          body: isJson && text ? JSON.parse(text) : {},
        });
      });
    });
    outgoing.on('error', reject);
    outgoing.end(options.body);
  });
}

const port = new URL(baseUrl).port;
// Sends a message to a seller who does not exist: the route answers 404 when the request reaches it.
const chatMessage = JSON.stringify({ sellerId: 'no-such-seller', userId: 'u', content: 'hi' });

describe('local gateway: only this machine, only JSON writes to /_local', () => {
  it.each([`127.0.0.1:${port}`, `localhost:${port}`, `LocalHost:${port}`, `[::1]:${port}`, 'localhost', '127.0.0.1'])(
    'answers Host %s',
    async (host) => {
      const response = await rawRequest({ method: 'GET', path: '/v1/health', host });

      expect(response.status).toBe(200);
    },
  );

  it.each([
    `evil.example:${port}`,
    'evil.example',
    `localhost.evil.example:${port}`,
    `127.0.0.1.nip.io:${port}`,
    `127.0.0.2:${port}`,
    `0.0.0.0:${port}`,
    `192.168.1.20:${port}`,
    `[::ffff:127.0.0.1]:${port}`,
  ])('refuses Host %s (a page that rebound its DNS name to this machine) with 403 and the error envelope', async (host) => {
    const reads = await Promise.all([
      rawRequest({ method: 'GET', path: '/v1/health', host }),
      rawRequest({ method: 'GET', path: '/_local/queues', host }),
      rawRequest({ method: 'GET', path: '/docs', host }),
    ]);
    const write = await rawRequest({ method: 'POST', path: '/_local/chat/messages', host, contentType: 'application/json', body: chatMessage });

    for (const response of [...reads, write]) {
      expect(response.status).toBe(403);
      expect(response.body.error?.code).toBe('FORBIDDEN');
      expect(response.body.requestId).toBe(response.requestIdHeader);
    }
  });

  it.each([
    ['text/plain', chatMessage],
    ['application/x-www-form-urlencoded', 'sellerId=no-such-seller&userId=u&content=hi'],
    ['multipart/form-data; boundary=x', '--x--'],
    ['application/jsonp', chatMessage],
    ['', chatMessage],
  ])('refuses a /_local write sent as "%s" with 415 and the envelope, before the route runs', async (contentType, body) => {
    const response = await rawRequest({ method: 'POST', path: '/_local/chat/messages', contentType, body });

    expect(response.status).toBe(415);
    expect(response.body.error?.code).toBe('VALIDATION_FAILED');
    expect(response.body.requestId).toBe(response.requestIdHeader);
  });

  it('refuses /_local writes without a body unless they say application/json (a cross-site form post has no body either)', async () => {
    const responses = await Promise.all([
      rawRequest({ method: 'POST', path: '/_local/queues/fulfilment-dlq/redrive' }),
      rawRequest({ method: 'POST', path: '/_local/schedules/county-sales-report', contentType: 'application/x-www-form-urlencoded', body: '' }),
      rawRequest({ method: 'DELETE', path: '/_local/faults/fulfilment', contentType: 'text/plain' }),
    ]);

    expect(responses.map((response) => response.status)).toEqual([415, 415, 415]);
  });

  it('lets JSON writes, /_local reads and the API through', async () => {
    const json = await rawRequest({ method: 'POST', path: '/_local/chat/messages', contentType: 'Application/JSON; charset=utf-8', body: chatMessage });
    const read = await rawRequest({ method: 'GET', path: '/_local/queues' });
    const api = await rawRequest({ method: 'POST', path: '/v1/orders', contentType: 'text/plain', body: '{}' });

    expect(json.status).toBe(404);
    expect(read.status).toBe(200);
    // API routes keep API Gateway's behaviour: the content type is the handler's business (here: no token).
    expect(api.status).toBe(401);
  });
});
