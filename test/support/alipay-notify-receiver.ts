import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PaymentProvider, VerifiedNotification } from '../../lambdas/payments/payment-provider';

export interface NotifyReceiver {
  readonly url: string;
  /** Each notification as received (form fields) and what the provider's verification said. */
  readonly received: { fields: Record<string, string>; verdict: VerifiedNotification }[];
  close(): Promise<void>;
}

/**
 * A merchant's notify endpoint reduced to the verification: answers `success` when the provider's
 * verifyNotification accepts the form, else 400 `fail`, as Alipay expects.
 */
export async function startNotifyReceiver(provider: () => PaymentProvider): Promise<NotifyReceiver> {
  const received: NotifyReceiver['received'] = [];
  const server: Server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const fields = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
    const verdict = await provider().verifyNotification(fields);
    received.push({ fields, verdict });
    response.writeHead(verdict.kind === 'verified' ? 200 : 400, { 'content-type': 'text/plain' });
    response.end(verdict.kind === 'verified' ? 'success' : 'fail');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/payments/alipay/notify`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
