import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AlipayCredentials } from '../../lambdas/payments/alipay/credentials';
import { GatewayFaults, type AlipayFaults, type AlipayFaultsInput } from './faults';
import { handleGatewayRequest } from './gateway';
import type { AlipayStandInKeys } from './keys';
import { acknowledged, deliver, tradeNotification, type Delivery } from './notifications';
import { secretsManagerAnswer } from './secrets-endpoint';
import { signedGatewayBody } from './signing';
import { TradeBook, type StandInTradeStatus } from './trade-book';

const MAX_BODY_BYTES = 1024 * 1024;
const NOTIFY_TIMEOUT_MS = 30_000;
export const GATEWAY_PATH = '/gateway.do';

export interface StartAlipayStandInOptions {
  readonly keys: AlipayStandInKeys;
  /** Where notifications go when the pay request named no notify_url (Alipay's app-level setting). Read at each delivery. */
  readonly notifyUrl?: () => string | undefined;
  /** The Secrets Manager secret it serves (GetSecretValue), holding the app's credentials for these keys. */
  readonly secretName?: string;
  readonly region?: string;
  readonly accountId?: string;
  readonly port?: number;
  /** Epoch ms; the trades' creation and refund times. */
  readonly now?: () => number;
}

export interface StandInTradeView {
  status: StandInTradeStatus;
  paidFen: number;
  refundedFen: number;
}

export type PayOutcome = { kind: 'paid'; trade: StandInTradeView; deliveries: Delivery[]; acknowledged: boolean } | { kind: 'unknown' } | { kind: 'closed' };

export interface AlipayStandIn {
  /** Base URL: Secrets Manager's endpoint (`AWS_ENDPOINT_URL_SECRETS_MANAGER`). */
  readonly url: string;
  /** `${url}/gateway.do`: the classic OpenAPI gateway (`ALIPAY_GATEWAY_URL`). */
  readonly gatewayUrl: string;
  readonly secretName: string;
  readonly secretArn: string;
  /** The credentials the app needs against this stand-in: what the local stage's secret holds. */
  readonly credentials: AlipayCredentials;
  trade(paymentId: string): StandInTradeView | undefined;
  /** The buyer pays; the notification goes out `notify` times (0: lost), each awaited. `at`: epoch ms of the payment. */
  pay(paymentId: string, options: { notify: 0 | 1 | 2; at?: number }): Promise<PayOutcome>;
  setFaults(faults: AlipayFaultsInput): AlipayFaults;
  clearFaults(): void;
  stop(): Promise<void>;
}

/**
 * A local test double of Alipay's OpenAPI gateway (see local/README.md): enough for the real
 * `alipay-sdk` client (classic gateway, RSA2), signed answers and notifications, trades in memory.
 */
export async function startAlipayStandIn(options: StartAlipayStandInOptions): Promise<AlipayStandIn> {
  const { keys } = options;
  const now = options.now ?? Date.now;
  const book = new TradeBook();
  const faults = new GatewayFaults();
  const pendingDelays = new Set<NodeJS.Timeout>();
  const secretName = options.secretName ?? 'village-live/local/alipay';
  const secretArn = `arn:aws:secretsmanager:${options.region ?? 'us-east-1'}:${options.accountId ?? '000000000000'}:secret:${secretName}-LoCaL1`;
  const credentials: AlipayCredentials = { appId: keys.appId, appPrivateKey: keys.appPrivateKey, alipayPublicKey: keys.alipayPublicKey };
  const secretValue = JSON.stringify(credentials);

  const delay = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        pendingDelays.delete(timer);
        resolve();
      }, ms);
      pendingDelays.add(timer);
    });

  const serveGateway = async (params: Record<string, string>, response: ServerResponse) => {
    const fault = faults.take(params.method ?? '');
    if (fault?.kind === 'unavailable') return reply(response, 503, 'text/html', '<html><body>503 Service Temporarily Unavailable</body></html>');
    if (fault?.kind === 'slow') await delay(fault.delayMs);
    if (fault?.kind === 'system-error') {
      const key = `${(params.method ?? '').replaceAll('.', '_')}_response`;
      const answer = { code: '20000', msg: 'Service Currently Unavailable', sub_code: 'aop.ACQ.SYSTEM_ERROR', sub_msg: '系统异常' };
      return reply(response, 200, 'application/json;charset=utf-8', signedGatewayBody(key, answer, keys.alipayPrivateKey));
    }
    const outcome = handleGatewayRequest(params, book, keys, now(), options.notifyUrl?.());
    if (outcome.kind === 'page') return reply(response, outcome.status, 'text/html;charset=utf-8', outcome.html);
    reply(response, 200, 'application/json;charset=utf-8', signedGatewayBody(outcome.responseKey, outcome.answer, keys.alipayPrivateKey));
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      console.error('[alipay-standin] unexpected error', error instanceof Error ? error.message : error);
      if (!response.headersSent) reply(response, 500, 'text/plain', 'stand-in error');
      else response.destroy();
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse) {
    const url = new URL(request.url ?? '/', 'http://stand-in');
    const body = await readBody(request);
    const target = request.headers['x-amz-target'];
    if (typeof target === 'string' && target.startsWith('secretsmanager.')) {
      const answer = secretsManagerAnswer(target, body, { name: secretName, arn: secretArn, value: secretValue });
      response.writeHead(answer.status, answer.headers);
      return void response.end(answer.body);
    }
    if (url.pathname !== GATEWAY_PATH) return reply(response, 404, 'text/plain', 'Not found');
    // Common parameters travel in the query string, biz_content in the form body (or all in the query: pay pages).
    const params: Record<string, string> = Object.fromEntries(url.searchParams);
    if (request.method === 'POST') for (const [name, value] of new URLSearchParams(body)) params[name] = value;
    await serveGateway(params, response);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const view = (paymentId: string): StandInTradeView | undefined => {
    const trade = book.get(paymentId);
    if (!trade) return undefined;
    // Paid once gmt_payment is set: a trade closed unpaid (expiry, cancel) never received money.
    return { status: trade.status, paidFen: trade.gmtPayment ? trade.totalFen : 0, refundedFen: trade.refundedFen };
  };

  return {
    url: base,
    gatewayUrl: `${base}${GATEWAY_PATH}`,
    secretName,
    secretArn,
    credentials,
    trade: view,
    async pay(paymentId, { notify, at }) {
      const trade = book.get(paymentId);
      if (!trade) return { kind: 'unknown' };
      if (trade.status === 'TRADE_CLOSED') return { kind: 'closed' };
      book.pay(paymentId, at ?? now());
      const deliveries: Delivery[] = [];
      const target = trade.notifyUrl ?? options.notifyUrl?.();
      if (notify > 0) {
        if (!target) throw new Error('The Alipay stand-in has no notify URL for this trade');
        // A repeat is the same notification again (same notify_id and signature), as Alipay's retries are.
        const fields = tradeNotification(trade, keys.appId, now(), keys.alipayPrivateKey);
        for (let i = 0; i < notify; i += 1) deliveries.push(await deliver(target, fields, NOTIFY_TIMEOUT_MS));
      }
      return { kind: 'paid', trade: view(paymentId)!, deliveries, acknowledged: deliveries.every(acknowledged) };
    },
    setFaults: (input) => faults.set(input),
    clearFaults: () => faults.clear(),
    stop: () =>
      new Promise<void>((resolve, reject) => {
        for (const timer of pendingDelays) clearTimeout(timer);
        pendingDelays.clear();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function reply(response: ServerResponse, status: number, contentType: string, body: string) {
  response.writeHead(status, { 'content-type': contentType });
  response.end(body);
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new Error('Request body is too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
