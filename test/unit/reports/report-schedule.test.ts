import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { previousShanghaiDay } from '../../../lambdas/reports/domain/business-day';
import { scheduledRunEvent, type ScheduledRunEvent } from '../../../lambdas/reports/schedule';
import { nextRunAfter, reportScheduleExtension, scheduledTimeFor, schedulerEvent } from '../../../local/wiring/report-schedule';

describe('local county sales schedule (00:05 Asia/Shanghai)', () => {
  it.each([
    ['2026-11-27T15:00:00.000Z', '2026-11-27T16:05:00.000Z'], // 23:00 Shanghai → 00:05 the next day
    ['2026-11-27T16:04:59.999Z', '2026-11-27T16:05:00.000Z'],
    ['2026-11-27T16:05:00.000Z', '2026-11-28T16:05:00.000Z'], // exactly at a run: the next one
    ['2026-11-28T03:00:00.000Z', '2026-11-28T16:05:00.000Z'],
  ])('after %s the next run is %s', (now, next) => {
    expect(nextRunAfter(new Date(now)).toISOString()).toBe(next);
  });

  it('the run scheduled for a day reports that day, and the event is what Scheduler sends', () => {
    const scheduledTime = scheduledTimeFor('2026-11-27');
    expect(scheduledTime).toBe('2026-11-27T16:05:00.000Z');
    expect(previousShanghaiDay(new Date(scheduledTime))).toBe('2026-11-27');
    expect(scheduledRunEvent.parse(schedulerEvent(scheduledTime, 1))).toMatchObject({ scheduledTime, attemptNumber: 1 });
  });

  it('Scheduler’s own placeholders arrive as strings: the attempt number is coerced', () => {
    expect(scheduledRunEvent.parse({ scheduledTime: '2026-11-27T16:05:00Z', executionId: 'x', attemptNumber: '2' }).attemptNumber).toBe(2);
    expect(() => scheduledRunEvent.parse({ scheduledTime: 'yesterday' })).toThrow();
  });
});

describe('reportScheduleExtension timers', () => {
  const runtimeContext = {} as Parameters<ReturnType<typeof reportScheduleExtension>['start']>[0];

  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2026-11-27T15:00:00.000Z')); // 23:00 in Shanghai
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it('fires at 00:05 Shanghai time for the day that just ended, then again the next night', async () => {
    const invoke = vi.fn(async (_event: ScheduledRunEvent) => ({}));
    const extension = reportScheduleExtension({ invoke });
    await extension.start(runtimeContext);

    await vi.advanceTimersByTimeAsync(64 * 60_000);
    expect(invoke).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(invoke).toHaveBeenCalledTimes(1);
    expect(invoke.mock.calls[0]![0]).toMatchObject({ scheduledTime: '2026-11-27T16:05:00.000Z', attemptNumber: 0 });
    await vi.advanceTimersByTimeAsync(24 * 3_600_000);
    expect(invoke.mock.calls.map(([event]) => event.scheduledTime)).toEqual(['2026-11-27T16:05:00.000Z', '2026-11-28T16:05:00.000Z']);
    await extension.stop!();
  });

  it('retries a failed run like Lambda does for an asynchronous invocation: twice, after 1 and 2 more minutes', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const failed = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const invoke = vi.fn(async (_event: ScheduledRunEvent) => {
      throw new Error('DynamoDB unavailable');
    });
    const extension = reportScheduleExtension({ invoke });
    await extension.start(runtimeContext);

    await vi.advanceTimersByTimeAsync(65 * 60_000);
    await vi.advanceTimersByTimeAsync(60_000);
    await vi.advanceTimersByTimeAsync(120_000);
    expect(invoke.mock.calls.map(([event]) => event.attemptNumber)).toEqual([0, 1, 2]);
    expect(failed).toHaveBeenCalledTimes(1);
    await extension.stop!();
  });

  it('stops firing once the runtime stops', async () => {
    const invoke = vi.fn(async (_event: ScheduledRunEvent) => ({}));
    const extension = reportScheduleExtension({ invoke });
    await extension.start(runtimeContext);
    await extension.stop!();
    await vi.advanceTimersByTimeAsync(48 * 3_600_000);
    expect(invoke).not.toHaveBeenCalled();
  });

  it('the control route fires the run for a given day now and answers 202 when it is done', async () => {
    const invoke = vi.fn(async (event: ScheduledRunEvent) => ({ date: previousShanghaiDay(new Date(event.scheduledTime)) }));
    const extension = reportScheduleExtension({ invoke });
    const { controlRoutes } = (await extension.start(runtimeContext)) as { controlRoutes: { path: string; handle: (r: unknown) => Promise<unknown> }[] };
    const route = controlRoutes.find((r) => r.path === '/_local/schedules/county-sales-report')!;
    await expect(route.handle({ body: { date: '2026-11-20' }, query: {}, params: {} })).resolves.toEqual({
      status: 202,
      body: { scheduledTime: '2026-11-20T16:05:00.000Z', result: { date: '2026-11-20' } },
    });
    await expect(route.handle({ body: undefined, query: {}, params: {} })).resolves.toMatchObject({ status: 202, body: { result: { date: '2026-11-26' } } }); // 23:00 on the 27th: yesterday is the 26th
    await expect(route.handle({ body: { date: '2026-11-31' }, query: {}, params: {} })).resolves.toMatchObject({ status: 400 });
    await extension.stop!();
  });
});
