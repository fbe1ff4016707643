import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { localRequestTime } from '../../lambdas/core/http/local-clock';
import { alipayFaultsSchema, loadOrCreateStandInKeys, startAlipayStandIn, type AlipayStandIn } from '../alipay-standin';
import { localAccountId, localRegion } from '../emulators/local-aws';
import type { LocalExtension } from '../extension';
import type { ControlRequest, ControlResponse } from '../http-gateway';
import { alipayStandInKeyFile, defaultDataDir } from '../paths';
import { payUrlsFromOrders, type PayUrls } from './alipay-pay-urls';

/** The notify route of the payments capability, on the local gateway. */
export const ALIPAY_NOTIFY_PATH = '/v1/payments/alipay/notify';
const LOCAL_SECRET_NAME = 'village-live/local/alipay';

const payBody = z.object({ notify: z.enum(['once', 'twice', 'never']).default('once') }).default({ notify: 'once' });
const NOTIFY_COUNT = { once: 1, twice: 2, never: 0 } as const;

const envelope = (status: number, code: string, message: string): ControlResponse => ({ status, body: { error: { code, message }, requestId: randomUUID() } });

export interface AlipayExtension extends LocalExtension {
  readonly standIn: AlipayStandIn | undefined;
}

/**
 * Alipay, locally: the Alipay stand-in (a test double; local/README.md) with keys made once into the
 * data directory, the local stage's Alipay secret served as Secrets Manager would serve it (so the
 * functions read it with the deployed code), notifications to the local notify route, and the
 * `/_local/payments/*` and `/_local/faults/alipay` control routes (docs/api.md, Local-only routes).
 */
export function alipayExtension(): AlipayExtension {
  let standIn: AlipayStandIn | undefined;
  let payUrls: PayUrls | undefined;

  return {
    name: 'alipay',
    get standIn() {
      return standIn;
    },

    async start(context) {
      // Like the issuer key, the keys are not data: `--in-memory` keeps them too.
      const keys = loadOrCreateStandInKeys(alipayStandInKeyFile(context.dataDir ?? defaultDataDir));
      const running = await startAlipayStandIn({
        keys,
        secretName: LOCAL_SECRET_NAME,
        region: localRegion,
        accountId: localAccountId,
        notifyUrl: () => {
          const api = context.apiUrl();
          return api ? `${api}${ALIPAY_NOTIFY_PATH}` : undefined;
        },
      });
      standIn = running;
      const orderPayUrls = payUrlsFromOrders(context);
      payUrls = orderPayUrls;

      // `/pay` is "the buyer opens the pay page and pays": a buyer who never opened it has it opened
      // here, by the same GET of the pay URL a browser makes (the payment route stored it on the order).
      const openPayPageIfNeeded = async (paymentId: string): Promise<void> => {
        if (running.trade(paymentId)) return;
        const payUrl = await orderPayUrls.payUrlOf(paymentId);
        if (payUrl) await (await fetch(payUrl)).text();
      };

      const pay = async ({ params, body, headers }: ControlRequest): Promise<ControlResponse> => {
        const parsed = payBody.safeParse(body ?? undefined);
        if (!parsed.success) return envelope(400, 'VALIDATION_FAILED', 'notify must be "once", "twice" or "never"');
        const at = localRequestTime({ headers }, 'local');
        const paymentId = params.paymentId ?? '';
        await openPayPageIfNeeded(paymentId);
        const outcome = await running.pay(paymentId, { notify: NOTIFY_COUNT[parsed.data.notify], ...(at ? { at: Date.parse(at) } : {}) });
        if (outcome.kind === 'unknown') return envelope(404, 'NOT_FOUND', `Alipay has no trade ${paymentId} (no order has opened this payment)`);
        if (outcome.kind === 'closed') return envelope(409, 'CONFLICT', `Trade ${paymentId} is closed`);
        return { status: 202, body: { ...outcome.trade, deliveries: outcome.deliveries, acknowledged: outcome.acknowledged } };
      };

      const trade = ({ params }: ControlRequest): ControlResponse => {
        const view = running.trade(params.paymentId ?? '');
        return view ? { status: 200, body: view } : envelope(404, 'NOT_FOUND', `Alipay has no trade ${params.paymentId ?? ''}`);
      };

      const setFaults = ({ body }: ControlRequest): ControlResponse => {
        const parsed = alipayFaultsSchema.safeParse(body);
        if (!parsed.success) return envelope(400, 'VALIDATION_FAILED', parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; '));
        return { status: 200, body: running.setFaults(parsed.data) };
      };

      return {
        env: {
          AWS_ENDPOINT_URL_SECRETS_MANAGER: running.url,
          ALIPAY_SECRET_ID: running.secretName,
          ALIPAY_GATEWAY_URL: running.gatewayUrl,
        },
        // Known once the gateway listens; the functions' instances start after that.
        lateEnv: (apiUrl: string) => ({ ALIPAY_NOTIFY_URL: `${apiUrl}${ALIPAY_NOTIFY_PATH}` }),
        controlRoutes: [
          { method: 'POST', path: '/_local/payments/{paymentId}/pay', handle: pay },
          { method: 'GET', path: '/_local/payments/{paymentId}', handle: trade },
          { method: 'PUT', path: '/_local/faults/alipay', handle: setFaults },
          {
            method: 'DELETE',
            path: '/_local/faults/alipay',
            handle: () => {
              running.clearFaults();
              return { status: 204 };
            },
          },
        ],
      };
    },

    async stop() {
      payUrls?.stop();
      payUrls = undefined;
      await standIn?.stop();
      standIn = undefined;
    },
  };
}
