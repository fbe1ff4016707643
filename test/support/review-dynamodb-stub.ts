import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in DynamoDB endpoint for the chat review path's tests (lambdas/chat/review/dynamodb-lite.ts):
 * a plain HTTP server on 127.0.0.1 that records each request and answers it as the test says, or
 * never ("hang"). It checks no signature: tests read the recorded headers instead.
 */
export interface RecordedRequest {
  /** `x-amz-target` without the `DynamoDB_20120810.` prefix: `GetItem`, `Query`, `PutItem`. */
  operation: string;
  path: string;
  headers: IncomingHttpHeaders;
  rawBody: string;
  body: any;
  /** Set when the client closed the connection before the answer was written (its request was aborted). */
  clientGaveUp: boolean;
}

export type StubReply = 'hang' | { status?: number; body?: unknown; headers?: Record<string, string>; delayMs?: number };

export interface DynamoDbStub {
  readonly endpoint: string;
  readonly requests: RecordedRequest[];
  /** How to answer each request (default: 200 with `{}`, which is GetItem's "no such item"). */
  answer(reply: (request: RecordedRequest) => StubReply): void;
  reset(): void;
  close(): Promise<void>;
}

/** DynamoDB's error body for a given short code, e.g. `errorReply('ConditionalCheckFailedException', '...')`. */
export const errorReply = (code: string, message: string, status = 400): StubReply => ({
  status,
  body: { __type: `com.amazonaws.dynamodb.v20120810#${code}`, message },
});

export async function startDynamoDbStub(): Promise<DynamoDbStub> {
  const requests: RecordedRequest[] = [];
  const defaultReply = (): StubReply => ({ body: {} });
  let reply: (request: RecordedRequest) => StubReply = defaultReply;

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const rawBody = Buffer.concat(chunks).toString('utf8');
      let body: unknown;
      try {
        body = JSON.parse(rawBody);
      } catch {
        body = undefined;
      }
      const target = String(req.headers['x-amz-target'] ?? '');
      const recorded: RecordedRequest = {
        operation: target.replace(/^DynamoDB_20120810\./, ''),
        path: req.url ?? '',
        headers: req.headers,
        rawBody,
        body,
        clientGaveUp: false,
      };
      requests.push(recorded);
      res.on('close', () => {
        if (!res.writableFinished) recorded.clientGaveUp = true;
      });
      const answer = reply(recorded);
      if (answer === 'hang') return;
      const text = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body ?? {});
      const send = () => {
        if (res.destroyed) return;
        res.writeHead(answer.status ?? 200, { 'content-type': 'application/x-amz-json-1.0', ...answer.headers });
        res.end(text);
      };
      if (answer.delayMs) setTimeout(send, answer.delayMs);
      else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    answer(next) {
      reply = next;
    },
    reset() {
      requests.length = 0;
      reply = defaultReply;
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
