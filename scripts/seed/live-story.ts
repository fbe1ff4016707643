import type { UserGroup } from '../../lambdas/core/http/route';
import type { SeedSeller } from './story';

const CAO_COUNTY = '371721';
const FANS_PER_SELLER = 40;
/** The buyer whose inbox the story fills (`npm run token -- --sub buyer-demo --role buyer`). */
export const DEMO_BUYER = 'buyer-demo';

type Call = (method: string, path: string, options: { token: string; body?: unknown; accept?: number[] }) => Promise<{ status: number; body: any }>;

export interface LiveStoryDeps {
  call: Call;
  tokenFor: (sub: string, group: UserGroup) => Promise<string>;
  sellers: readonly SeedSeller[];
  productIds: ReadonlyMap<string, string[]>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Live commerce in Cao County: every 曹县 seller gets followers (the demo buyer among them) and one
 * recorded broadcast with a pin during its recording, driven through the local IVS control routes; the
 * go-live fan-out fills the followers' inboxes. Re-running adds a broadcast (or, within 10 minutes of
 * the last one, continues it: no new notification).
 */
export async function seedLiveCommerce({ call, tokenFor, sellers, productIds }: LiveStoryDeps): Promise<{ sellers: number; follows: number; replays: number; demoInbox: number }> {
  const cao = sellers.filter((seller) => seller.countyCode === CAO_COUNTY);
  const local = (path: string, body: unknown, accept: number[] = []) => call('POST', path, { token: '', body, accept });
  let follows = 0;
  for (const seller of cao) {
    const fans = [DEMO_BUYER, ...Array.from({ length: FANS_PER_SELLER }, (_, i) => `seed-fan-${String(i).padStart(2, '0')}`)];
    for (const fan of fans) {
      await call('PUT', `/v1/me/following/${seller.sellerId}`, { token: await tokenFor(fan, 'buyers') });
      follows += 1;
    }
  }
  let replays = 0;
  for (const seller of cao) {
    const token = await tokenFor(seller.sellerId, 'sellers');
    await call('POST', '/v1/seller/channel', { token });
    const started = await local('/_local/ivs/stream-events', { sellerId: seller.sellerId, event: 'Stream Start' }, [409]);
    if (started.status === 409) continue; // already live from an interrupted run: leave it
    await local('/_local/ivs/recording-events', { sellerId: seller.sellerId, event: 'Recording Start' });
    const productId = productIds.get(seller.sellerId)?.[0];
    if (productId) await call('POST', '/v1/seller/pins', { token, body: { productId } });
    await local('/_local/ivs/recording-events', { sellerId: seller.sellerId, event: 'Recording End' });
    await local('/_local/ivs/stream-events', { sellerId: seller.sellerId, event: 'Stream End' });
    replays += 1;
  }
  // The fan-out runs on the queue: wait until it is done (each page sends its successor before it is deleted).
  for (let quiet = 0, rounds = 0; quiet < 3 && rounds < 600; rounds += 1) {
    const depth = await call('GET', '/_local/queues/live-fanout', { token: '' });
    quiet = depth.body.liveFanout.visible === 0 && depth.body.liveFanout.inFlight === 0 ? quiet + 1 : 0;
    await sleep(200);
  }
  const inbox = await call('GET', '/v1/me/notifications?limit=100', { token: await tokenFor(DEMO_BUYER, 'buyers') });
  return { sellers: cao.length, follows, replays, demoInbox: inbox.body.items.length };
}
