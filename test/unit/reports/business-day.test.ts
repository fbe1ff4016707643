import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  isCalendarDay,
  previousShanghaiDay,
  REPORT_TIMEZONE,
  shanghaiDay,
  shanghaiDayBoundsUtc,
} from '../../../lambdas/reports/domain/business-day';

describe('shanghaiDay', () => {
  it.each([
    ['2026-11-27T15:59:59Z', '2026-11-27'],
    ['2026-11-27T15:59:59.999Z', '2026-11-27'],
    ['2026-11-27T16:00:00Z', '2026-11-28'],
    ['2026-11-27T16:00:00.000Z', '2026-11-28'],
    ['2026-11-27T00:00:00Z', '2026-11-27'],
    ['2026-12-31T16:00:00Z', '2027-01-01'],
    ['2028-02-28T16:00:00Z', '2028-02-29'],
    ['2026-11-28T00:00:00+08:00', '2026-11-28'],
    ['2026-11-27T23:59:59+08:00', '2026-11-27'],
  ])('%s → %s', (instant, day) => {
    expect(shanghaiDay(instant)).toBe(day);
  });

  it.each(['', '2026-11-27', 'Nov 27 2026', '2026-11-27T16:00:00', '2026-13-01T00:00:00Z', 'not a date'])(
    'rejects %j',
    (value) => {
      expect(() => shanghaiDay(value)).toThrow(RangeError);
    },
  );

  it('agrees with the Intl time-zone database for any instant since 1992', () => {
    const intlDay = new Intl.DateTimeFormat('en-CA', {
      timeZone: REPORT_TIMEZONE,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1992-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }),
        (instant) => {
          expect(shanghaiDay(instant.toISOString())).toBe(intlDay.format(instant));
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('shanghaiDayBoundsUtc', () => {
  it('is the half-open UTC interval from 16:00 the previous UTC day', () => {
    expect(shanghaiDayBoundsUtc('2026-11-28')).toEqual({
      fromIso: '2026-11-27T16:00:00.000Z',
      toIso: '2026-11-28T16:00:00.000Z',
    });
  });

  it('crosses month and year ends', () => {
    expect(shanghaiDayBoundsUtc('2027-01-01')).toEqual({
      fromIso: '2026-12-31T16:00:00.000Z',
      toIso: '2027-01-01T16:00:00.000Z',
    });
  });

  it('contains exactly the instants whose Shanghai day it is', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1992-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }), (instant) => {
        const { fromIso, toIso } = shanghaiDayBoundsUtc(shanghaiDay(instant.toISOString()));
        expect(Date.parse(fromIso)).toBeLessThanOrEqual(instant.getTime());
        expect(instant.getTime()).toBeLessThan(Date.parse(toIso));
      }),
    );
  });

  it('rejects a day that is not a calendar date', () => {
    expect(() => shanghaiDayBoundsUtc('2026-02-30')).toThrow(RangeError);
  });
});

describe('previousShanghaiDay', () => {
  it.each([
    ['2026-11-27T16:00:00.000Z', '2026-11-27'], // 00:00 on the 28th in Shanghai
    ['2026-11-27T16:05:00.000Z', '2026-11-27'],
    ['2026-11-27T15:59:59.999Z', '2026-11-26'], // still the 27th in Shanghai
    ['2026-11-27T03:00:00.000Z', '2026-11-26'],
    ['2027-01-01T00:00:00.000Z', '2026-12-31'],
    ['2028-03-01T02:00:00.000Z', '2028-02-29'],
  ])('at %s → %s', (now, day) => {
    expect(previousShanghaiDay(new Date(now))).toBe(day);
  });

  it('rejects an invalid Date', () => {
    expect(() => previousShanghaiDay(new Date(Number.NaN))).toThrow(RangeError);
  });
});

describe('isCalendarDay', () => {
  it.each(['2026-11-27', '2028-02-29', '2000-02-29', '2026-12-31', '0099-01-01'])('accepts %s', (day) => {
    expect(isCalendarDay(day)).toBe(true);
  });

  it.each([
    '2026-02-29',
    '1900-02-29',
    '2026-02-30',
    '2026-04-31',
    '2026-13-01',
    '2026-00-10',
    '2026-11-00',
    '2026-1-27',
    '26-11-27',
    '2026/11/27',
    '2026-11-27T00:00:00Z',
    ' 2026-11-27',
    '',
  ])('rejects %j', (day) => {
    expect(isCalendarDay(day)).toBe(false);
  });
});
