/**
 * The Taobao Village story (`npm run seed -- --months 12`), as data: Daji town (大集镇) in Cao County,
 * where stage costumes and hanfu made villages rich. 张庄村's shops multiply through the year until it
 * passes both thresholds partway through (10 million yuan over 12 months, 100 active shops); its
 * neighbour 丁楼村 has had its hundred shops all along and ends the year just short on sales.
 *
 * Wholesale orders (boxes of costumes for schools and troupes), one per shop and month, so that a
 * village's year fits in a few thousand orders. Deterministic, like the daily story: the same months
 * always give the same shops, orders and Idempotency-Keys, so a second run changes nothing.
 */
import { shanghaiDay, shanghaiDayBoundsUtc } from '../../lambdas/reports/domain/business-day';
import { addMonths } from '../../lambdas/reports/domain/villages';
import { seededRandom } from '../seeded-random';
import { BUYERS, type PlannedOrder, type SeedProduct, type SeedSeller } from './story';

export const CAO_COUNTY = '371721';
export const DAJI_TOWN = '371721121';
export const ZHANGZHUANG = '371721121211'; // 张庄村民委员会
export const DINGLOU = '371721121227'; // 丁楼村民委员会

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

const COSTUMES: SeedProduct[] = [
  { title: '儿童舞台演出服 整箱 50 套', unit: 'box', priceFen: 425_000, category: '演出服' },
  { title: '原创汉服 批发 10 件装', unit: 'box', priceFen: 298_000, category: '汉服' },
];

interface VillagePlan {
  villageCode: string;
  /** Latin name, for seller ids. */
  slug: string;
  name: string;
  /** Shops already open before the story's first month. */
  founders: number;
  /** Shops opening on the 1st of each later month, until `maxShops`. */
  openingPerMonth: number;
  maxShops: number;
  /** Boxes per order, cycled through shop by shop and month by month. */
  boxes: readonly number[];
}

const PLANS: readonly VillagePlan[] = [
  { villageCode: ZHANGZHUANG, slug: 'zhangzhuang', name: '张庄', founders: 52, openingPerMonth: 9, maxShops: 130, boxes: [3, 3, 4, 3, 5, 3] },
  { villageCode: DINGLOU, slug: 'dinglou', name: '丁楼', founders: 104, openingPerMonth: 0, maxShops: 104, boxes: [2, 1, 2, 2, 3, 2, 2, 2] },
];

export interface VillageShop extends SeedSeller {
  villageCode: string;
  /** The profile's createdAt (sent as the local clock header when the profile is first saved). */
  createdAt: string;
  /** Index of the story month in which the shop opened (-1: before the story). */
  openedIn: number;
}

export interface VillageStory {
  months: string[];
  shops: VillageShop[];
  orders: PlannedOrder[];
}

/** The `count` whole Asia/Shanghai calendar months before the one `nowMs` falls in, oldest first. */
export function storyMonths(count: number, nowMs: number): string[] {
  const current = shanghaiDay(new Date(nowMs).toISOString()).slice(0, 7);
  return Array.from({ length: count }, (_, i) => addMonths(current, i - count));
}

const shanghaiInstant = (day: string, hourOfDay: number) => Date.parse(shanghaiDayBoundsUtc(day).fromIso) + hourOfDay * HOUR_MS;
const daysIn = (month: string) => (Date.parse(shanghaiDayBoundsUtc(`${addMonths(month, 1)}-01`).fromIso) - Date.parse(shanghaiDayBoundsUtc(`${month}-01`).fromIso)) / DAY_MS;

function shopsOf(plan: VillagePlan, months: readonly string[]): VillageShop[] {
  const shops: VillageShop[] = [];
  const open = (openedIn: number, createdMs: number) => {
    const n = shops.length;
    const product = COSTUMES[n % 2]!;
    shops.push({
      sellerId: `seed-${plan.slug}-${String(n + 1).padStart(3, '0')}`,
      displayName: `${plan.name}${product.category}${String(n + 1).padStart(3, '0')}号店`,
      countyCode: CAO_COUNTY,
      village: `${plan.name}村`,
      villageCode: plan.villageCode,
      weight: 0,
      products: [product],
      createdAt: new Date(createdMs).toISOString(),
      openedIn,
    });
  };
  // Founders opened three weeks before the story; the others on the 1st of their month, 09:00 Shanghai.
  for (let i = 0; i < plan.founders; i += 1) open(-1, shanghaiInstant(`${months[0]}-01`, 9) - 21 * DAY_MS + i * 60_000);
  for (let m = 1; m < months.length; m += 1) {
    for (let i = 0; i < plan.openingPerMonth && shops.length < plan.maxShops; i += 1) open(m, shanghaiInstant(`${months[m]}-01`, 9) + i * 60_000);
  }
  return shops;
}

/**
 * One order a month per shop from its first month, on a day after it opened; founders place two in
 * the first month, for the month before the story that the "last 3 months" also look at.
 */
function ordersOf(plan: VillagePlan, shops: readonly VillageShop[], months: readonly string[], notAfterMs: number): PlannedOrder[] {
  const random = seededRandom([...plan.slug].reduce((hash, char) => Math.imul(hash ^ char.charCodeAt(0), 0x01000193) >>> 0, 0x811c9dc5));
  const orders: PlannedOrder[] = [];
  let cycle = 0;
  shops.forEach((shop, s) => {
    for (let m = Math.max(0, shop.openedIn); m < months.length; m += 1) {
      const month = months[m]!;
      const count = m === 0 && shop.openedIn < 0 ? 2 : 1;
      for (let k = 0; k < count; k += 1) {
        const day = `${month}-${String(2 + Math.floor(random() * (daysIn(month) - 2))).padStart(2, '0')}`;
        const at = shanghaiInstant(day, 9 + random() * 11);
        const quantity = plan.boxes[cycle++ % plan.boxes.length]!;
        if (at >= notAfterMs) continue;
        orders.push({
          key: `seed-v-${plan.slug}-${month}-${String(s).padStart(3, '0')}-${k}`,
          day,
          at: new Date(Math.floor(at)).toISOString(),
          buyer: BUYERS[Math.floor(random() * BUYERS.length)]!,
          seller: shop,
          lines: [{ product: 0, quantity }],
          cancel: false,
        });
      }
    }
  });
  return orders.sort((a, b) => a.at.localeCompare(b.at));
}

/** The story over `months` (storyMonths), with no order at or after `notAfterMs`. */
export function planVillageStory(months: readonly string[], notAfterMs: number): VillageStory {
  const shops: VillageShop[] = [];
  const orders: PlannedOrder[] = [];
  if (months.length === 0) return { months: [], shops, orders };
  for (const plan of PLANS) {
    const planShops = shopsOf(plan, months);
    shops.push(...planShops);
    orders.push(...ordersOf(plan, planShops, months, notAfterMs));
  }
  return { months: [...months], shops, orders: orders.sort((a, b) => a.at.localeCompare(b.at)) };
}
