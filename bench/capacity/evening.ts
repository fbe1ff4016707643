/**
 * One evening in one region, minute by minute: sellers of `counties` counties go live between 19:00
 * and 21:30 Asia/Shanghai, each for a while, with a log-normal audience; some viewers chat, some order;
 * a few flash sales sell 5,000 orders/s on one product for a minute. `simulateEvening` draws it with a
 * seeded PRNG; `meanFieldEvening` computes the expected value of the same quantities in closed form.
 * Both return per-minute series; the caller takes peaks. Pure: no I/O.
 */
import { atLeastOnePerSecond, liveProbability, logNormalMean, startedWithin, tickerSendEventsPerSecond } from './formulas';

export interface EveningParams {
  seed: number;
  counties: number;
  /** Sellers per county who go live during the evening. */
  sellersPerCounty: number;
  /** Stream starts are uniform over minutes [0, startWindowMinutes] after 19:00. */
  startWindowMinutes: number;
  minStreamMinutes: number;
  maxStreamMinutes: number;
  /** Concurrent viewers per stream: log-normal with this median and σ of its logarithm. */
  viewersMedian: number;
  viewersSigma: number;
  /** Share of viewers connected to the room's chat. */
  chatShare: number;
  /** Minutes over which a new stream's audience arrives (their chat tokens with it). */
  audienceRampMinutes: number;
  /** Mean minutes a chat participant stays before another replaces them (a new token each). */
  chatSessionMinutes: number;
  /** Messages per chat participant per minute (a room is capped by IVS Chat at `roomMessagesPerSecond`). */
  messagesPerChatterPerMinute: number;
  roomMessagesPerSecond: number;
  /** Orders per viewer per hour outside flash sales. */
  ordersPerViewerHour: number;
  /** API reads per viewer per minute (product cards, the live list, order status). */
  readsPerViewerMinute: number;
  /** Pins (PutMetadata) per live stream per hour. */
  pinsPerStreamHour: number;
  flashSales: number;
  flashOrdersPerSecond: number;
  flashMinutes: number;
  /** The ticker's share of the account's SendEvent rate (100 TPS, not adjustable). */
  sendEventBudgetPerSecond: number;
}

export const defaultEveningParams: EveningParams = {
  seed: 20260601,
  counties: 270,
  sellersPerCounty: 10,
  startWindowMinutes: 150,
  minStreamMinutes: 30,
  maxStreamMinutes: 120,
  viewersMedian: 40,
  viewersSigma: 1.2,
  chatShare: 0.3,
  audienceRampMinutes: 5,
  chatSessionMinutes: 15,
  messagesPerChatterPerMinute: 0.5,
  roomMessagesPerSecond: 10,
  ordersPerViewerHour: 0.05,
  readsPerViewerMinute: 1,
  pinsPerStreamHour: 6,
  flashSales: 3,
  flashOrdersPerSecond: 5000,
  flashMinutes: 1,
  sendEventBudgetPerSecond: 80,
};

/** Per-minute rates (per second unless named otherwise). */
export interface MinuteLoad {
  minute: number;
  liveStreams: number;
  concurrentViews: number;
  chatConnections: number;
  chatTokensPerSecond: number;
  chatMessagesPerSecond: number;
  ordersPerSecond: number;
  /** Orders per second of the busiest single product (a flash sale's rate, else the busiest stream's). */
  hottestProductOrdersPerSecond: number;
  sellingRooms: number;
  sendEventsPerSecond: number;
  putMetadataPerSecond: number;
  apiReadsPerSecond: number;
}

export interface Evening {
  minutes: MinuteLoad[];
  totals: { streams: number; orders: number; flashOrders: number; viewerMinutes: number };
}

/** Minutes simulated: every stream has ended by then. */
export const horizonMinutes = (params: EveningParams) => params.startWindowMinutes + params.maxStreamMinutes + 1;

function gaussian(random: () => number): number {
  const u = Math.max(random(), Number.EPSILON);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

const integerBetween = (random: () => number, min: number, max: number) => min + Math.floor(random() * (max - min + 1));

/** Flash sales start at minutes drawn uniformly from the busy middle of the evening. */
function flashMinutesOf(random: () => number, params: EveningParams): number[] {
  return Array.from({ length: params.flashSales }, () => integerBetween(random, 60, Math.max(60, params.startWindowMinutes)));
}

export function simulateEvening(params: EveningParams, random: () => number): Evening {
  const sellers = params.counties * params.sellersPerCounty;
  const streams = Array.from({ length: sellers }, () => {
    const start = integerBetween(random, 0, params.startWindowMinutes);
    const duration = integerBetween(random, params.minStreamMinutes, params.maxStreamMinutes);
    const viewers = params.viewersMedian * Math.exp(params.viewersSigma * gaussian(random));
    return { start, end: start + duration, viewers };
  });
  const flashStarts = flashMinutesOf(random, params);
  const minutes: MinuteLoad[] = [];
  let orders = 0;
  let flashOrders = 0;
  let viewerMinutes = 0;
  for (let minute = 0; minute < horizonMinutes(params); minute++) {
    const load = emptyMinute(minute);
    let busiestStream = 0;
    for (const stream of streams) {
      if (minute < stream.start || minute >= stream.end) continue;
      const chatters = stream.viewers * params.chatShare;
      const streamOrders = (stream.viewers * params.ordersPerViewerHour) / 3600;
      load.liveStreams++;
      load.concurrentViews += stream.viewers;
      load.chatConnections += chatters;
      load.chatTokensPerSecond += chatters / (params.chatSessionMinutes * 60) + (minute - stream.start < params.audienceRampMinutes ? chatters / (params.audienceRampMinutes * 60) : 0);
      load.chatMessagesPerSecond += Math.min(params.roomMessagesPerSecond, (chatters * params.messagesPerChatterPerMinute) / 60);
      load.ordersPerSecond += streamOrders;
      load.sellingRooms += atLeastOnePerSecond(streamOrders);
      busiestStream = Math.max(busiestStream, streamOrders);
    }
    const flashNow = flashStarts.filter((start) => minute >= start && minute < start + params.flashMinutes).length;
    // A flash sale's room sells every second; it is already counted among the live rooms when live.
    load.ordersPerSecond += flashNow * params.flashOrdersPerSecond;
    load.hottestProductOrdersPerSecond = flashNow > 0 ? params.flashOrdersPerSecond : busiestStream;
    load.sellingRooms = Math.min(load.liveStreams, load.sellingRooms + flashNow);
    finishMinute(load, params);
    orders += load.ordersPerSecond * 60;
    flashOrders += flashNow * params.flashOrdersPerSecond * 60;
    viewerMinutes += load.concurrentViews;
    minutes.push(load);
  }
  return { minutes, totals: { streams: sellers, orders, flashOrders, viewerMinutes } };
}

/** The expected value of every quantity per minute (one flash sale assumed at the expected peak). */
export function meanFieldEvening(params: EveningParams): Evening {
  const sellers = params.counties * params.sellersPerCounty;
  const meanViewers = logNormalMean(params.viewersMedian, params.viewersSigma);
  const meanChatters = meanViewers * params.chatShare;
  const meanStreamOrders = (meanViewers * params.ordersPerViewerHour) / 3600;
  const meanDuration = (params.minStreamMinutes + params.maxStreamMinutes) / 2;
  const minutes: MinuteLoad[] = [];
  for (let minute = 0; minute < horizonMinutes(params); minute++) {
    const live = sellers * liveProbability(minute, params.startWindowMinutes, params.minStreamMinutes, params.maxStreamMinutes);
    const ramping = sellers * startedWithin(minute, params.audienceRampMinutes, params.startWindowMinutes);
    const load = emptyMinute(minute);
    load.liveStreams = live;
    load.concurrentViews = live * meanViewers;
    load.chatConnections = live * meanChatters;
    load.chatTokensPerSecond = live * (meanChatters / (params.chatSessionMinutes * 60)) + ramping * (meanChatters / (params.audienceRampMinutes * 60));
    load.chatMessagesPerSecond = live * Math.min(params.roomMessagesPerSecond, (meanChatters * params.messagesPerChatterPerMinute) / 60);
    load.ordersPerSecond = live * meanStreamOrders;
    load.sellingRooms = live * atLeastOnePerSecond(meanStreamOrders);
    load.hottestProductOrdersPerSecond = meanStreamOrders;
    finishMinute(load, params);
    minutes.push(load);
  }
  // One flash sale lands on the busiest minute: the peak the simulation can meet with a single sale.
  const busiest = minutes.reduce((best, load) => (load.liveStreams > best.liveStreams ? load : best), minutes[0]!);
  if (params.flashSales > 0) {
    busiest.ordersPerSecond += params.flashOrdersPerSecond;
    busiest.hottestProductOrdersPerSecond = params.flashOrdersPerSecond;
    busiest.sellingRooms = Math.min(busiest.liveStreams, busiest.sellingRooms + 1);
    finishMinute(busiest, params);
  }
  // Expected flash orders over the evening, and the flash rate on top of the peak minute (peaks add it).
  const flashOrders = params.flashSales * params.flashMinutes * 60 * params.flashOrdersPerSecond;
  const orders = sellers * meanStreamOrders * meanDuration * 60 + flashOrders;
  return { minutes, totals: { streams: sellers, orders, flashOrders, viewerMinutes: sellers * meanViewers * meanDuration } };
}

function emptyMinute(minute: number): MinuteLoad {
  return {
    minute,
    liveStreams: 0,
    concurrentViews: 0,
    chatConnections: 0,
    chatTokensPerSecond: 0,
    chatMessagesPerSecond: 0,
    ordersPerSecond: 0,
    hottestProductOrdersPerSecond: 0,
    sellingRooms: 0,
    sendEventsPerSecond: 0,
    putMetadataPerSecond: 0,
    apiReadsPerSecond: 0,
  };
}

function finishMinute(load: MinuteLoad, params: EveningParams) {
  load.sendEventsPerSecond = tickerSendEventsPerSecond(load.sellingRooms, params.sendEventBudgetPerSecond);
  load.putMetadataPerSecond = (load.liveStreams * params.pinsPerStreamHour) / 3600;
  load.apiReadsPerSecond = (load.concurrentViews * params.readsPerViewerMinute) / 60;
}
