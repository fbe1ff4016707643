/**
 * The closed-form rules the capacity bench (and docs/capacity.md) rests on. Pure, no I/O, tested in
 * test/unit/bench/capacity-formulas.test.ts.
 */

/** Little's law: the executions in flight = arrivals per second × seconds each one takes. */
export function littlesLaw(arrivalsPerSecond: number, durationSeconds: number): number {
  if (arrivalsPerSecond < 0 || durationSeconds < 0) throw new RangeError('arrival rate and duration must be ≥ 0');
  return arrivalsPerSecond * durationSeconds;
}

/**
 * Write units per second on the busiest key of a sharded item: every write picks one of `shards`
 * keys uniformly, so the mean per key is rate × units / shards (a transactional write costs 2 units per KB).
 */
export function hottestKeyWriteUnits(writesPerSecond: number, unitsPerWrite: number, shards: number): number {
  if (!Number.isInteger(shards) || shards < 1) throw new RangeError(`shards must be a positive integer, got ${shards}`);
  return (writesPerSecond * unitsPerWrite) / shards;
}

/** DynamoDB write units of one write: 1 per started KB, twice that inside a transaction. */
export function writeUnits(itemBytes: number, transactional: boolean): number {
  return Math.max(1, Math.ceil(itemBytes / 1024)) * (transactional ? 2 : 1);
}

/** DynamoDB read units of one read: 1 per started 4 KB (strongly consistent), half for eventually consistent. */
export function readUnits(itemBytes: number, consistency: 'strong' | 'eventual'): number {
  const units = Math.max(1, Math.ceil(itemBytes / 4096));
  return consistency === 'strong' ? units : units / 2;
}

/**
 * The sales ticker's interval per room: one IVS Chat SendEvent per room per interval, and the sum over
 * rooms must stay within the account's SendEvent budget (100 TPS, not adjustable). With few selling
 * rooms every room ticks each second; with more, every room's interval widens alike.
 */
export function tickerIntervalSeconds(sellingRooms: number, sendEventBudgetPerSecond: number): number {
  if (sendEventBudgetPerSecond <= 0) throw new RangeError('the SendEvent budget must be > 0');
  return Math.max(1, sellingRooms / sendEventBudgetPerSecond);
}

/** SendEvent calls per second the ticker makes with that interval (never above the budget). */
export function tickerSendEventsPerSecond(sellingRooms: number, sendEventBudgetPerSecond: number): number {
  return sellingRooms / tickerIntervalSeconds(sellingRooms, sendEventBudgetPerSecond);
}

/** Probability that a Poisson stream of `ratePerSecond` has at least one event in a second. */
export function atLeastOnePerSecond(ratePerSecond: number): number {
  return 1 - Math.exp(-ratePerSecond);
}

/** The mean of a log-normal variable given its median and the σ of its logarithm. */
export function logNormalMean(median: number, sigma: number): number {
  return median * Math.exp((sigma * sigma) / 2);
}

/**
 * P(a stream is live during minute `minute`), start uniform over the integer minutes [0, startWindow]
 * and duration uniform over the integer minutes [minDuration, maxDuration]: the exact expectation the
 * mean-field estimate uses.
 */
export function liveProbability(minute: number, startWindow: number, minDuration: number, maxDuration: number): number {
  let sum = 0;
  for (let duration = minDuration; duration <= maxDuration; duration++) sum += startedWithin(minute, duration, startWindow);
  return sum / (maxDuration - minDuration + 1);
}

/** P(start ∈ (minute − span, minute]) for a start uniform over the integer minutes [0, startWindow]. */
export function startedWithin(minute: number, span: number, startWindow: number): number {
  const from = Math.max(0, minute - span + 1);
  const to = Math.min(startWindow, minute);
  return to < from ? 0 : (to - from + 1) / (startWindow + 1);
}
