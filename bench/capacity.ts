/**
 * `npm run bench:capacity [-- --counties 270 --sellers-per-county 10 …]`: one region's evening peak
 * (19:00–22:00 Asia/Shanghai) against its quotas. A seeded stochastic simulation of sellers going live
 * (bench/capacity/evening.ts) is stepped minute by minute; the baseline is the closed-form mean-field
 * estimate of the same quantities in the same run, and the simulation's total orders are checked
 * against the model's inputs. Lambda figures use lib/config.ts's prod reservations, DynamoDB figures
 * the order path's own unit counts (bench/order-path.ts). Prints one JSON object; docs/capacity.md
 * explains it. Every flag is an EveningParams field in kebab-case (defaults in defaultEveningParams),
 * plus the per-invocation durations below.
 */
import { parseArgs } from 'node:util';
import { HOT_PRODUCT_STOCK_SHARDS } from '../lambdas/catalog/stock-shards';
import { DAY_INDEX_SHARDS, SELLER_INDEX_SHARDS } from '../lambdas/orders/model';
import { stages } from '../lib/config';
import { seededRandom } from '../scripts/seeded-random';
import { defaultEveningParams, meanFieldEvening, simulateEvening, type Evening, type EveningParams, type MinuteLoad } from './capacity/evening';
import { hottestKeyWriteUnits, littlesLaw, tickerIntervalSeconds } from './capacity/formulas';
import { quotas, type QuotaName } from './capacity/quotas';
import { orderPathUnits } from './order-path';

/** Seconds per invocation (assumed; measure in CloudWatch and pass the p50 or p90). */
const defaultDurations = {
  placeOrderSeconds: 0.1,
  chatTokenSeconds: 0.15,
  apiReadSeconds: 0.03,
  chatReviewSeconds: 0.02,
  fulfilmentBatchSeconds: 0.1,
  /** Sellers with a channel and room, live tonight or not (channels and rooms are kept). */
  registeredSellersPerCounty: 40,
  totalsTolerance: 0.1,
};

const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

function readFlags(): { params: EveningParams; durations: typeof defaultDurations } {
  const defaults = { ...defaultEveningParams, ...defaultDurations };
  const { values } = parseArgs({ options: Object.fromEntries(Object.keys(defaults).map((name) => [kebab(name), { type: 'string' as const }])), strict: true });
  const read = <T extends { [K in keyof T]: number }>(base: T): T => {
    const result = { ...base };
    for (const name of Object.keys(base)) {
      const flag = values[kebab(name)];
      if (typeof flag !== 'string') continue;
      const parsed = Number(flag);
      if (!Number.isFinite(parsed)) throw new Error(`--${kebab(name)} must be a number, got ${flag}`);
      Object.assign(result, { [name]: parsed });
    }
    return result;
  };
  return { params: read(defaultEveningParams), durations: read(defaultDurations) };
}

interface Derived {
  minute: number;
  values: Record<string, number>;
}

const prod = stages.prod;
const units = orderPathUnits();
const fulfilmentMaxConcurrency = prod.reservedConcurrency.fulfilmentWorker;
const fulfilmentBatch = 10;

/** Every quantity per minute, from the load; the fulfilment backlog carries over from minute to minute. */
function derive(evening: Evening, params: EveningParams, durations: typeof defaultDurations): Derived[] {
  const workerOrdersPerSecond = (fulfilmentMaxConcurrency * fulfilmentBatch) / durations.fulfilmentBatchSeconds;
  const reserved = prod.reservedConcurrency.chatReview + prod.reservedConcurrency.fulfilmentWorker;
  let backlog = 0;
  return evening.minutes.map((load: MinuteLoad) => {
    const fulfilledPerSecond = Math.min(workerOrdersPerSecond, load.ordersPerSecond + backlog / 60);
    backlog = Math.max(0, backlog + (load.ordersPerSecond - fulfilledPerSecond) * 60);
    const unreservedConcurrency =
      littlesLaw(load.ordersPerSecond, durations.placeOrderSeconds) + littlesLaw(load.chatTokensPerSecond, durations.chatTokenSeconds) + littlesLaw(load.apiReadsPerSecond, durations.apiReadSeconds);
    const hottestSellerShare = load.ordersPerSecond > 0 ? load.hottestProductOrdersPerSecond / load.ordersPerSecond : 0;
    const gsi = (name: string) => units.placement.indexWrites.find((index) => index.name === name)?.units ?? 1;
    return {
      minute: load.minute,
      values: {
        ivsConcurrentStreams: load.liveStreams,
        ivsConcurrentViews: load.concurrentViews,
        chatConcurrentConnections: load.chatConnections,
        chatCreateChatToken: load.chatTokensPerSecond,
        chatSendEventUnwidened: load.sellingRooms,
        chatSendEvent: load.sendEventsPerSecond,
        tickerIntervalSeconds: tickerIntervalSeconds(load.sellingRooms, params.sendEventBudgetPerSecond),
        ivsPutMetadataAccount: load.putMetadataPerSecond,
        apiGatewayAccountRps: load.ordersPerSecond + load.chatTokensPerSecond + load.apiReadsPerSecond,
        placeOrderRps: load.ordersPerSecond,
        lambdaConcurrency: unreservedConcurrency + reserved,
        chatReviewConcurrency: littlesLaw(load.chatMessagesPerSecond, durations.chatReviewSeconds),
        fulfilmentConcurrencyNeeded: littlesLaw(load.ordersPerSecond / fulfilmentBatch, durations.fulfilmentBatchSeconds),
        fulfilmentBacklogOrders: backlog,
        catalogTableWriteUnits: load.ordersPerSecond * units.placement.catalogWriteUnits,
        ordersTableWriteUnits: load.ordersPerSecond * units.placement.ordersTableWriteUnits + fulfilledPerSecond * units.fulfilment.ordersTableWriteUnits,
        hottestStockShardWriteUnits: hottestKeyWriteUnits(load.hottestProductOrdersPerSecond, units.placement.catalogWriteUnits, HOT_PRODUCT_STOCK_SHARDS),
        // The flash seller's orders are placed at its rate and fulfilled at its share of the worker's rate.
        hottestSellerIndexWriteUnits: hottestKeyWriteUnits(load.hottestProductOrdersPerSecond + fulfilledPerSecond * hottestSellerShare, gsi('gsi2'), SELLER_INDEX_SHARDS),
        hottestDayIndexWriteUnits: hottestKeyWriteUnits(load.ordersPerSecond + fulfilledPerSecond, gsi('gsi3'), DAY_INDEX_SHARDS),
      },
    };
  });
}

const peakOf = (series: Derived[], name: string) => series.reduce((best, minute) => ((minute.values[name] ?? 0) > (best.values[name] ?? 0) ? minute : best), series[0]!);
const clock = (minute: number) => `${String(19 + Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;
/** A request with 2× headroom over the peak, rounded up to 2 significant digits. */
const requestFor = (peak: number) => {
  const target = peak * 2;
  const magnitude = 10 ** Math.max(0, Math.floor(Math.log10(target)) - 1);
  return Math.ceil(target / magnitude) * magnitude;
};

/** The quota each quantity is measured against, and what to do when it is unraisable. */
const limits: Record<string, { quota: QuotaName | { value: number; adjustable: boolean; source: string }; mitigation?: string }> = {
  ivsConcurrentStreams: { quota: 'ivsConcurrentStreams' },
  ivsConcurrentViews: { quota: 'ivsConcurrentViews' },
  chatConcurrentConnections: { quota: 'chatConcurrentConnections' },
  chatCreateChatToken: { quota: 'chatCreateChatToken', mitigation: 'the createChatToken route is throttled at 200/s (lib/config.ts): above it joins get 429 and the app retries with jitter; reuse a token for its session (180 min in prod) instead of one per page view' },
  chatSendEventUnwidened: { quota: 'chatSendEvent', mitigation: 'what the ticker would send at one event per selling room per second: the ticker widens every room\'s interval to max(1 s, sellingRooms / budget) instead' },
  chatSendEvent: { quota: 'chatSendEvent', mitigation: 'the widened ticker stays at its budget by construction' },
  ivsPutMetadataAccount: { quota: 'ivsPutMetadataAccount', mitigation: 'pins are human actions (≈ 6/h per stream); queue and retry with backoff on 429, never from a loop' },
  apiGatewayAccountRps: { quota: 'apiGatewayAccountRps' },
  placeOrderRps: { quota: { value: prod.api.writeThrottleOverrides.placeOrder?.ratePerSecond ?? prod.api.writeThrottle.ratePerSecond, adjustable: true, source: 'lib/config.ts prod.api.writeThrottleOverrides.placeOrder' } },
  lambdaConcurrency: { quota: { value: prod.reservedConcurrency.accountQuota, adjustable: true, source: 'lib/config.ts prod.reservedConcurrency.accountQuota (the Lambda default, 1,000)' } },
  chatReviewConcurrency: { quota: { value: prod.reservedConcurrency.chatReview, adjustable: true, source: 'lib/config.ts prod.reservedConcurrency.chatReview' } },
  fulfilmentConcurrencyNeeded: { quota: { value: fulfilmentMaxConcurrency, adjustable: true, source: 'lib/config.ts prod.reservedConcurrency.fulfilmentWorker (the event source\'s maximum concurrency)' } },
  catalogTableWriteUnits: { quota: 'dynamoTableWriteUnits' },
  ordersTableWriteUnits: { quota: 'dynamoTableWriteUnits' },
  hottestStockShardWriteUnits: { quota: 'dynamoPartitionWriteUnits', mitigation: 'more stock shards for a hot product (stockShards up to 32)' },
  hottestSellerIndexWriteUnits: { quota: 'dynamoPartitionWriteUnits', mitigation: 'more seller index shards, or an order item under 1 KB (gsi2 projects ALL: 2 WRU per write today)' },
  hottestDayIndexWriteUnits: { quota: 'dynamoPartitionWriteUnits', mitigation: 'more day index shards (DAY_INDEX_SHARDS): every order of the day, all sellers, writes one of 16 keys' },
};

function main() {
  const { params, durations } = readFlags();
  const simulated = simulateEvening(params, seededRandom(params.seed));
  const meanField = meanFieldEvening(params);
  const simSeries = derive(simulated, params, durations);
  const meanSeries = derive(meanField, params, durations);

  const quantities = Object.entries(limits).map(([name, limit]) => {
    const quota = typeof limit.quota === 'string' ? quotas[limit.quota] : limit.quota;
    const peakMinute = peakOf(simSeries, name);
    const peak = peakMinute.values[name] ?? 0;
    const meanFieldPeak = peakOf(meanSeries, name).values[name] ?? 0;
    const ratio = peak / quota.value;
    const request = quota.adjustable
      ? ratio > 0.8
        ? `raise to ${requestFor(peak).toLocaleString('en-US')}`
        : 'none'
      : ratio > 1
        ? `cannot be raised: ${limit.mitigation ?? 'redesign'}`
        : ratio > 0.8
          ? `near an unraisable ceiling: ${limit.mitigation ?? 'redesign'}`
          : 'none';
    return {
      name,
      peak: round(peak),
      at: clock(peakMinute.minute),
      meanFieldPeak: round(meanFieldPeak),
      ratioToMeanField: meanFieldPeak > 0 ? round(peak / meanFieldPeak, 3) : null,
      quota: quota.value,
      adjustable: quota.adjustable,
      peakOverQuota: round(ratio, 3),
      request,
    };
  });

  const registeredSellers = params.counties * durations.registeredSellersPerCounty;
  const ordersRatio = simulated.totals.orders / meanField.totals.orders;
  const backlogPeak = peakOf(simSeries, 'fulfilmentBacklogOrders');
  const workerOrdersPerSecond = (fulfilmentMaxConcurrency * fulfilmentBatch) / durations.fulfilmentBatchSeconds;
  console.log(
    JSON.stringify(
      {
        params,
        durations,
        resources: {
          ivsChannels: { count: registeredSellers + params.counties, quota: quotas.ivsChannels.value, peakOverQuota: round((registeredSellers + params.counties) / quotas.ivsChannels.value, 3) },
          chatRooms: { count: registeredSellers + params.counties, quota: quotas.chatRooms.value, peakOverQuota: round((registeredSellers + params.counties) / quotas.chatRooms.value, 3) },
          countyChannelProvisioningSeconds: params.counties / Math.min(quotas.ivsCreateChannel.value, quotas.chatCreateRoom.value),
        },
        orderPathUnits: { itemBytes: units.itemBytes, placement: units.placement, fulfilment: units.fulfilment, writeUnitsPerOrder: units.totals.writeUnits },
        quantities,
        fulfilment: {
          workerOrdersPerSecond,
          backlogPeakOrders: Math.round(backlogPeak.values.fulfilmentBacklogOrders ?? 0),
          backlogPeakAt: clock(backlogPeak.minute),
          drainMinutesAfterPeak: round((backlogPeak.values.fulfilmentBacklogOrders ?? 0) / Math.max(1, workerOrdersPerSecond) / 60, 1),
        },
        baseline: {
          method: 'closed-form mean-field: expected value of every per-minute quantity (one flash sale on the busiest minute)',
          simulatedOrders: Math.round(simulated.totals.orders),
          expectedOrders: Math.round(meanField.totals.orders),
          ratio: round(ordersRatio, 4),
          tolerance: durations.totalsTolerance,
          withinTolerance: Math.abs(ordersRatio - 1) <= durations.totalsTolerance,
          simulatedViewerMinutes: Math.round(simulated.totals.viewerMinutes),
          expectedViewerMinutes: Math.round(meanField.totals.viewerMinutes),
        },
      },
      null,
      2,
    ),
  );
  if (Math.abs(ordersRatio - 1) > durations.totalsTolerance) process.exitCode = 1;
}

main();
