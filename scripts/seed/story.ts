/**
 * The seed story, as data: Heze's sellers and their produce, buyers across China, and a month of
 * orders with the after-dinner peak. Deterministic: the same day always gives the same orders, so a
 * second run (or an overlapping --days) sends the same requests with the same Idempotency-Keys.
 */
import { shanghaiDayBoundsUtc } from '../../lambdas/reports/domain/business-day';
import { seededRandom } from '../seeded-random';

export interface SeedProduct {
  title: string;
  unit: 'jin' | 'kg' | 'piece' | 'box' | 'bunch';
  priceFen: number;
  category: string;
}

export interface SeedSeller {
  sellerId: string;
  displayName: string;
  countyCode: string;
  village: string;
  /** Relative share of the day's orders. */
  weight: number;
  /** GB/T 2260 code of the seller's village (Taobao Village story). */
  villageCode?: string;
  /** When the profile was first saved, if not now (sent as the local clock header). */
  createdAt?: string;
  products: SeedProduct[];
}

export interface SeedBuyer {
  buyerId: string;
  name: string;
  phone: string;
  countyCode: string;
  detail: string;
}

export const SELLERS: SeedSeller[] = [
  {
    sellerId: 'seed-jianglou-corn',
    displayName: '江楼村玉米合作社',
    countyCode: '371721', // 曹县
    village: '江楼村 Jianglou',
    weight: 6,
    products: [
      { title: '江楼鲜食甜玉米 10 穗装', unit: 'box', priceFen: 3990, category: '玉米' },
      { title: '江楼黏玉米 真空包装', unit: 'box', priceFen: 4590, category: '玉米' },
    ],
  },
  {
    sellerId: 'seed-sunzhuang-farm',
    displayName: '孙庄村直播农场',
    countyCode: '371721', // 曹县
    village: '孙庄村 Sunzhuang',
    weight: 8,
    products: [
      { title: '曹县芦笋 当天采摘', unit: 'jin', priceFen: 1680, category: '蔬菜' },
      { title: '孙庄黄桃 5 斤装', unit: 'box', priceFen: 3880, category: '水果' },
      { title: '孙庄鲜玉米 整箱', unit: 'box', priceFen: 3590, category: '玉米' },
    ],
  },
  {
    sellerId: 'seed-caozhou-peony',
    displayName: '曹州牡丹花园',
    countyCode: '371702', // 牡丹区
    village: '小留镇',
    weight: 5,
    products: [
      { title: '菏泽牡丹鲜切花 10 枝', unit: 'bunch', priceFen: 6800, category: '鲜花' },
      { title: '牡丹籽油 500ml', unit: 'piece', priceFen: 12800, category: '粮油' },
      { title: '芍药鲜切花 5 枝', unit: 'bunch', priceFen: 3900, category: '鲜花' },
    ],
  },
  {
    sellerId: 'seed-shanxian-yam',
    displayName: '单县浮岗农家',
    countyCode: '371722', // 单县
    village: '浮岗镇',
    weight: 4,
    products: [
      { title: '单县铁棍山药', unit: 'kg', priceFen: 2600, category: '蔬菜' },
      { title: '单县羊肉汤料包', unit: 'box', priceFen: 5900, category: '特产' },
    ],
  },
  {
    sellerId: 'seed-juancheng-garlic',
    displayName: '鄄城大蒜田',
    countyCode: '371726', // 鄄城县
    village: '旧城镇',
    weight: 3,
    products: [
      { title: '鄄城紫皮大蒜 5 斤', unit: 'box', priceFen: 2990, category: '蔬菜' },
      { title: '糖醋腊八蒜', unit: 'piece', priceFen: 1890, category: '特产' },
    ],
  },
  {
    sellerId: 'seed-dongming-melon',
    displayName: '东明西瓜大棚',
    countyCode: '371728', // 东明县
    village: '沙窝镇',
    weight: 3,
    products: [
      { title: '东明沙地西瓜 单个约 8 斤', unit: 'piece', priceFen: 2580, category: '水果' },
      { title: '东明小米 2kg', unit: 'box', priceFen: 3380, category: '粮油' },
    ],
  },
  {
    sellerId: 'seed-chengwu-garlic',
    displayName: '成武蒜薹小院',
    countyCode: '371723', // 成武县
    village: '大田集镇',
    weight: 2,
    products: [{ title: '成武新鲜蒜薹', unit: 'jin', priceFen: 990, category: '蔬菜' }],
  },
  {
    sellerId: 'seed-juye-flour',
    displayName: '巨野麦香坊',
    countyCode: '371724', // 巨野县
    village: '独山镇',
    weight: 2,
    products: [{ title: '巨野石磨面粉 5kg', unit: 'box', priceFen: 4200, category: '粮油' }],
  },
];

const CITIES: { countyCode: string; city: string; surname: string }[] = [
  { countyCode: '110105', city: '北京市朝阳区', surname: '王' },
  { countyCode: '110108', city: '北京市海淀区', surname: '李' },
  { countyCode: '310115', city: '上海市浦东新区', surname: '张' },
  { countyCode: '310104', city: '上海市徐汇区', surname: '刘' },
  { countyCode: '440305', city: '深圳市南山区', surname: '陈' },
  { countyCode: '440106', city: '广州市天河区', surname: '杨' },
  { countyCode: '330106', city: '杭州市西湖区', surname: '赵' },
  { countyCode: '320106', city: '南京市鼓楼区', surname: '黄' },
  { countyCode: '510104', city: '成都市锦江区', surname: '周' },
  { countyCode: '500103', city: '重庆市渝中区', surname: '吴' },
  { countyCode: '420111', city: '武汉市洪山区', surname: '徐' },
  { countyCode: '610113', city: '西安市雁塔区', surname: '孙' },
  { countyCode: '350203', city: '厦门市思明区', surname: '马' },
  { countyCode: '370102', city: '济南市历下区', surname: '朱' },
  { countyCode: '120101', city: '天津市和平区', surname: '胡' },
  { countyCode: '210102', city: '沈阳市和平区', surname: '郭' },
  { countyCode: '430104', city: '长沙市岳麓区', surname: '何' },
  { countyCode: '530102', city: '昆明市五华区', surname: '高' },
  { countyCode: '650102', city: '乌鲁木齐市天山区', surname: '林' },
  { countyCode: '460108', city: '海口市美兰区', surname: '罗' },
];

const GIVEN_NAMES = ['伟', '芳', '娜'];

export const BUYERS: SeedBuyer[] = CITIES.flatMap((city, c) =>
  GIVEN_NAMES.slice(0, c % 2 === 0 ? 3 : 2).map((given, g) => ({
    buyerId: `seed-buyer-${String(c).padStart(2, '0')}-${g}`,
    name: `${city.surname}${given}`,
    phone: `13${(c % 9) + 1}${String(1000_0000 + c * 137 + g * 7919).slice(-8)}`,
    countyCode: city.countyCode,
    detail: `${city.city}幸福路 ${10 + c} 号 ${g + 1} 单元`,
  })),
);

/** Orders per Shanghai hour of day: quiet nights, lunch, and the peak after dinner (19:00–22:00). */
const HOUR_WEIGHTS = [1, 0.5, 0.3, 0.2, 0.2, 0.3, 0.8, 1.5, 2, 2.5, 3, 3.5, 4, 3, 2.5, 2.5, 3, 3.5, 5, 9, 11, 10, 6, 2.5];

export interface PlannedLine {
  product: number;
  quantity: number;
}

export interface PlannedOrder {
  /** Idempotency-Key: derived from the day and the order's place in it. */
  key: string;
  day: string;
  at: string;
  buyer: SeedBuyer;
  seller: SeedSeller;
  lines: PlannedLine[];
  cancel: boolean;
}

/** Seeded per day: the plan of a day does not depend on which other days are seeded. */
function randomFor(day: string): () => number {
  return seededRandom([...day].reduce((hash, char) => Math.imul(hash ^ char.charCodeAt(0), 0x01000193) >>> 0, 0x811c9dc5));
}

function weighted<T>(random: () => number, items: readonly T[], weight: (item: T) => number): T {
  const total = items.reduce((sum, item) => sum + weight(item), 0);
  let pick = random() * total;
  for (const item of items) {
    pick -= weight(item);
    if (pick < 0) return item;
  }
  return items[items.length - 1]!;
}

/** The orders of one Shanghai day (weekends busier); none at or after `notAfterMs`. */
export function planDay(day: string, notAfterMs: number, ordersPerDay = 48): PlannedOrder[] {
  const random = randomFor(day);
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  const count = Math.round(ordersPerDay * (weekday === 0 || weekday === 6 ? 1.35 : 1) * (0.8 + random() * 0.4));
  const midnight = Date.parse(shanghaiDayBoundsUtc(day).fromIso);
  const hours = HOUR_WEIGHTS.map((weight, hour) => ({ hour, weight }));
  const orders: PlannedOrder[] = [];
  for (let n = 0; n < count; n++) {
    const { hour } = weighted(random, hours, (h) => h.weight);
    const at = midnight + hour * 3_600_000 + Math.floor(random() * 3_600_000);
    const seller = weighted(random, SELLERS, (s) => s.weight);
    const buyer = BUYERS[Math.floor(random() * BUYERS.length)]!;
    const first = Math.floor(random() * seller.products.length);
    const lines: PlannedLine[] = [{ product: first, quantity: 1 + Math.floor(random() * 4) }];
    if (seller.products.length > 1 && random() < 0.25) lines.push({ product: (first + 1) % seller.products.length, quantity: 1 + Math.floor(random() * 2) });
    const cancel = random() < 0.04;
    if (at >= notAfterMs) continue;
    orders.push({ key: `seed-${day}-${String(n).padStart(3, '0')}`, day, at: new Date(at).toISOString(), buyer, seller, lines, cancel });
  }
  return orders.sort((a, b) => a.at.localeCompare(b.at));
}
