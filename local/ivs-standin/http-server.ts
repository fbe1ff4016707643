import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AwsServiceError, internalError } from './errors';
import { isPlainObject } from './request-reader';
import { routeRequest, type RouteTable } from './router';

const MAX_BODY_BYTES = 1024 * 1024;

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

/** Serves the route table over restJson1 on 127.0.0.1. */
export async function serveRestJson(table: RouteTable, host: string, port: number): Promise<RunningServer> {
  const server = createServer((request, response) => {
    handle(table, request, response).catch(() => send(response, internalError()));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port: boundPort } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${boundPort}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // SDK clients keep connections alive; without this, close() waits for them to idle out.
        server.closeAllConnections();
      }),
  };
}

async function handle(table: RouteTable, request: IncomingMessage, response: ServerResponse): Promise<void> {
  try {
    const url = new URL(request.url ?? '/', 'http://stand-in');
    const operation = routeRequest(table, request.method ?? 'GET', url.pathname);
    const result = await operation({ body: await readJsonBody(request) });
    response.writeHead(result.status, headers(result.body === undefined ? undefined : 'application/json'));
    response.end(result.body === undefined ? undefined : JSON.stringify(result.body));
  } catch (error) {
    if (error instanceof AwsServiceError) return send(response, error);
    console.error('IVS stand-in: unexpected error', error);
    send(response, internalError());
  }
}

function send(response: ServerResponse, error: AwsServiceError): void {
  if (response.headersSent) {
    response.destroy();
    return;
  }
  response.writeHead(error.statusCode, { ...headers('application/json'), 'x-amzn-ErrorType': error.errorType });
  response.end(JSON.stringify(error.body));
}

function headers(contentType: string | undefined): Record<string, string> {
  return { 'x-amzn-RequestId': randomUUID(), ...(contentType ? { 'Content-Type': contentType } : {}) };
}

async function readJsonBody(request: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw serializationError('Request body is too large');
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (text === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw serializationError('Request body is not valid JSON');
  }
  if (!isPlainObject(parsed)) throw serializationError('Request body must be a JSON object');
  return parsed;
}

const serializationError = (message: string) => new AwsServiceError(400, 'SerializationException', { message });
