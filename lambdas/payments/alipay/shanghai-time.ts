/**
 * Alipay writes times as `YYYY-MM-DD HH:mm:ss` on the Asia/Shanghai wall clock (UTC+8 all year: China
 * has no daylight saving time since 1991), e.g. `gmt_payment`, `send_pay_date`, `time_expire`.
 */
const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;
const ALIPAY_TIME = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;

/** An ISO-8601 instant (or epoch ms) → Alipay's Shanghai wall-clock text, to the second. */
export function toAlipayTime(instant: string | number): string {
  const ms = typeof instant === 'number' ? instant : Date.parse(instant);
  if (Number.isNaN(ms)) throw new RangeError(`Not an instant: ${String(instant)}`);
  return new Date(ms + SHANGHAI_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}

/** Alipay's Shanghai wall-clock text → ISO-8601 UTC; undefined when it is not that shape or no real date. */
export function fromAlipayTime(text: string): string | undefined {
  const match = ALIPAY_TIME.exec(text);
  if (!match) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number) as [number, number, number, number, number, number];
  const utc = Date.UTC(year, month - 1, day, hour, minute, second) - SHANGHAI_OFFSET_MS;
  const iso = new Date(utc).toISOString();
  // Date.UTC rolls 2024-02-30 over into March: refuse what does not read back the same.
  return toAlipayTime(iso) === text ? iso : undefined;
}
