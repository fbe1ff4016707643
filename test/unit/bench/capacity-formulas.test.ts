import { describe, expect, it } from 'vitest';
import { meanFieldEvening, simulateEvening, defaultEveningParams } from '../../../bench/capacity/evening';
import {
  atLeastOnePerSecond,
  hottestKeyWriteUnits,
  littlesLaw,
  liveProbability,
  logNormalMean,
  readUnits,
  startedWithin,
  tickerIntervalSeconds,
  tickerSendEventsPerSecond,
  writeUnits,
} from '../../../bench/capacity/formulas';
import { orderPathUnits } from '../../../bench/order-path';
import { seededRandom } from '../../../scripts/seeded-random';

describe('capacity formulas', () => {
  it("Little's law: 5,000 orders/s × 0.1 s = 500 executions in flight", () => {
    expect(littlesLaw(5000, 0.1)).toBe(500);
    expect(littlesLaw(0, 3)).toBe(0);
    expect(() => littlesLaw(-1, 1)).toThrow(RangeError);
  });

  it('hottest key: 5,000 transactional stock writes/s over 16 shards = 625 WCU/s per shard', () => {
    expect(hottestKeyWriteUnits(5000, 2, 16)).toBe(625);
    expect(hottestKeyWriteUnits(5000, 2, 1)).toBe(10000);
    expect(() => hottestKeyWriteUnits(1, 1, 0)).toThrow(RangeError);
  });

  it('write and read units: per started KB / 4 KB, transactions cost twice, eventual reads half', () => {
    expect(writeUnits(149, true)).toBe(2);
    expect(writeUnits(1024, false)).toBe(1);
    expect(writeUnits(1025, false)).toBe(2);
    expect(writeUnits(1160, true)).toBe(4);
    expect(readUnits(1232, 'strong')).toBe(1);
    expect(readUnits(5000, 'eventual')).toBe(1);
  });

  it('ticker interval widens to sellingRooms / budget above the budget, never below 1 s', () => {
    expect(tickerIntervalSeconds(0, 80)).toBe(1);
    expect(tickerIntervalSeconds(80, 80)).toBe(1);
    expect(tickerIntervalSeconds(400, 80)).toBe(5);
    for (const rooms of [1, 79, 80, 81, 500, 10_000]) expect(tickerSendEventsPerSecond(rooms, 80)).toBeLessThanOrEqual(80);
    expect(tickerSendEventsPerSecond(50, 80)).toBe(50);
  });

  it('Poisson and log-normal helpers', () => {
    expect(atLeastOnePerSecond(0)).toBe(0);
    expect(atLeastOnePerSecond(1)).toBeCloseTo(1 - 1 / Math.E, 12);
    expect(logNormalMean(40, 0)).toBe(40);
    expect(logNormalMean(40, 1.2)).toBeCloseTo(40 * Math.exp(0.72), 9);
  });

  it('live probability: the exact expectation over uniform integer starts and durations', () => {
    expect(startedWithin(0, 1, 150)).toBeCloseTo(1 / 151, 12);
    expect(startedWithin(200, 10, 150)).toBe(0);
    expect(liveProbability(0, 0, 10, 10)).toBe(1);
    expect(liveProbability(10, 0, 10, 10)).toBe(0);
    // Summed over every minute, a stream is live for its mean duration.
    const minutes = Array.from({ length: 400 }, (_, minute) => liveProbability(minute, 150, 30, 120));
    expect(minutes.reduce((a, b) => a + b, 0)).toBeCloseTo(75, 9);
  });
});

describe('the evening simulation against its mean-field baseline', () => {
  const params = { ...defaultEveningParams, counties: 60 };

  it('is reproducible from its seed', () => {
    expect(simulateEvening(params, seededRandom(7)).totals).toEqual(simulateEvening(params, seededRandom(7)).totals);
  });

  it("total orders match the model's inputs within 10 % (flash orders exactly)", () => {
    const simulated = simulateEvening(params, seededRandom(params.seed));
    const expected = meanFieldEvening(params);
    expect(simulated.totals.flashOrders).toBe(params.flashSales * params.flashMinutes * 60 * params.flashOrdersPerSecond);
    expect(Math.abs(simulated.totals.orders / expected.totals.orders - 1)).toBeLessThan(0.1);
  });
});

describe('order path units, counted from the real order items', () => {
  it('one stock shard (2 WRU), the order put (transactional, over 1 KB), the buyer and seller lists on placement, the day index once PAID', () => {
    const units = orderPathUnits();
    expect(units.placement.catalogWriteUnits).toBe(2);
    expect(units.itemBytes.order).toBeGreaterThan(1024);
    expect(units.placement.ordersTableWriteUnits).toBe(4);
    expect(units.placement.indexWrites.map((index) => index.name)).toEqual(expect.arrayContaining(['gsi1', 'gsi2']));
    expect(units.placement.indexWrites.map((index) => index.name)).not.toContain('gsi3');
    expect(units.payment.ordersTableWriteUnits).toBeGreaterThanOrEqual(4);
    expect(units.totals.writeUnits).toBe(
      units.placement.catalogWriteUnits +
        units.placement.ordersTableWriteUnits +
        units.placement.ordersIndexWriteUnits +
        units.payment.ordersTableWriteUnits +
        units.payment.ordersIndexWriteUnits +
        units.fulfilment.ordersTableWriteUnits +
        units.fulfilment.ordersIndexWriteUnits,
    );
  });
});
