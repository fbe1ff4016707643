export const REPORT_TIMEZONE = 'Asia/Shanghai';

// A fixed offset rather than Intl: Asia/Shanghai has been UTC+8 without DST
// since 1991, and plain arithmetic gives exact half-open bounds in both
// directions (Intl only formats; it cannot turn a local midnight back into an
// instant) without depending on the runtime's ICU time-zone data.
// Not valid for instants before 1991-09-15.
const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

const DAY_FORMAT = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/;

/** True for 'YYYY-MM-DD' naming a real calendar date (no 2026-02-30). */
export function isCalendarDay(value: string): boolean {
  const match = DAY_FORMAT.exec(value);
  if (!match) return false;
  const [year, month, day] = match.slice(1).map(Number) as [number, number, number];
  const date = new Date(0);
  // setUTCFullYear, not Date.UTC: Date.UTC maps years 0–99 to 1900–1999.
  date.setUTCFullYear(year, month - 1, day);
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** The Asia/Shanghai calendar day ('YYYY-MM-DD') of an ISO-8601 instant with a zone designator. */
export function shanghaiDay(isoInstant: string): string {
  const epochMs = ISO_INSTANT.test(isoInstant) ? Date.parse(isoInstant) : Number.NaN;
  if (Number.isNaN(epochMs)) throw new RangeError(`Not an ISO-8601 instant: ${isoInstant}`);
  return shanghaiDayAt(epochMs);
}

/** The UTC instants bounding a Shanghai day: fromIso inclusive, toIso exclusive. */
export function shanghaiDayBoundsUtc(day: string): { fromIso: string; toIso: string } {
  const fromMs = shanghaiMidnightUtcMs(day);
  return { fromIso: new Date(fromMs).toISOString(), toIso: new Date(fromMs + DAY_MS).toISOString() };
}

/** The Shanghai day before the one `now` falls in: the day a report run at `now` covers. */
export function previousShanghaiDay(now: Date): string {
  const todayMidnightMs = shanghaiMidnightUtcMs(shanghaiDayAt(now.getTime()));
  return shanghaiDayAt(todayMidnightMs - DAY_MS);
}

function shanghaiDayAt(epochMs: number): string {
  if (!Number.isFinite(epochMs)) throw new RangeError('Invalid date');
  return new Date(epochMs + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

function shanghaiMidnightUtcMs(day: string): number {
  if (!isCalendarDay(day)) throw new RangeError(`Not a calendar day (YYYY-MM-DD): ${day}`);
  return Date.parse(`${day}T00:00:00.000Z`) - SHANGHAI_OFFSET_MS;
}

/** An instant as people in China read it: '2026-11-30 09:15 (北京时间)'. */
export function formatShanghaiTime(isoInstant: string): string {
  const epochMs = ISO_INSTANT.test(isoInstant) ? Date.parse(isoInstant) : Number.NaN;
  if (Number.isNaN(epochMs)) return isoInstant;
  const local = new Date(epochMs + SHANGHAI_OFFSET_MS).toISOString();
  return `${local.slice(0, 10)} ${local.slice(11, 16)} (北京时间)`;
}
