import { isCalendarDay, shanghaiDayBoundsUtc, shanghaiDay } from '../../lambdas/reports/domain/business-day';
import { countySalesSchedule, monthlyReportsSchedule, type ScheduledRunEvent } from '../../lambdas/reports/schedule';
import { addMonths } from '../../lambdas/reports/domain/villages';
import type { LocalExtension } from '../extension';

const MINUTE_MS = 60_000;
const { hour, minute } = countySalesSchedule.at;
const RUN_OFFSET_MS = (hour * 60 + minute) * MINUTE_MS;
// Lambda retries a failed asynchronous invocation after about one, then two more minutes.
const ASYNC_RETRY_DELAYS_MS = [MINUTE_MS, 2 * MINUTE_MS].slice(0, countySalesSchedule.asyncRetryAttempts);

/** The first scheduled run (00:05 Asia/Shanghai) strictly after `now`. */
export function nextRunAfter(now: Date): Date {
  const { fromIso, toIso } = shanghaiDayBoundsUtc(shanghaiDay(now.toISOString()));
  const today = Date.parse(fromIso) + RUN_OFFSET_MS;
  return new Date(today > now.getTime() ? today : Date.parse(toIso) + RUN_OFFSET_MS);
}

/** The scheduled time of the run that reports `date`: 00:05 Asia/Shanghai the day after. */
export function scheduledTimeFor(date: string): string {
  return new Date(Date.parse(shanghaiDayBoundsUtc(date).toIso) + RUN_OFFSET_MS).toISOString();
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** The scheduled time of the monthly run that reports `month`: the 1st of the next month, 01:00 Asia/Shanghai. */
export function monthlyScheduledTimeFor(month: string): string {
  const { hour: h, minute: m } = monthlyReportsSchedule.at;
  return new Date(Date.parse(shanghaiDayBoundsUtc(`${addMonths(month, 1)}-01`).fromIso) + (h * 60 + m) * MINUTE_MS).toISOString();
}

/** The event EventBridge Scheduler sends to the generator (lambdas/reports/schedule.ts fills the template). */
export function schedulerEvent(scheduledTime: string, attemptNumber = 0): ScheduledRunEvent {
  return { scheduledTime, executionId: `local-${scheduledTime}-${attemptNumber}`, attemptNumber };
}

export interface ReportScheduleOptions {
  now?: () => Date;
  /** The generator; tests replace it. Default: the runtime's countySalesReport function. */
  invoke?: (event: ScheduledRunEvent) => Promise<unknown>;
  /** The monthly generator; tests replace it. Default: the runtime's monthlyReports function. */
  invokeMonthly?: (event: ScheduledRunEvent) => Promise<unknown>;
}

/**
 * The county sales schedule, as EventBridge Scheduler runs it: daily at 00:05 Asia/Shanghai for the
 * previous day, invoking the generator asynchronously (with Lambda's retries) while the runtime is
 * up. `POST /_local/schedules/county-sales-report { date? }` fires one run now and answers when it
 * is done: the run for `date` if given, else the run that covers yesterday.
 */
export function reportScheduleExtension(options: ReportScheduleOptions = {}): LocalExtension {
  const now = options.now ?? (() => new Date());
  let invoke: (event: ScheduledRunEvent) => Promise<unknown> = options.invoke ?? (() => Promise.reject(new Error('The report schedule has not started')));
  const timers = new Set<NodeJS.Timeout>();
  let stopped = false;

  const later = (ms: number, run: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (!stopped) run();
    }, ms);
    timer.unref();
    timers.add(timer);
  };

  const runWithRetries = async (scheduledTime: string, attempt = 0): Promise<void> => {
    try {
      await invoke(schedulerEvent(scheduledTime, attempt));
    } catch (error) {
      const delay = ASYNC_RETRY_DELAYS_MS[attempt];
      if (delay === undefined) {
        console.error(`[report-schedule] run ${scheduledTime} failed after ${attempt + 1} attempts (deployed: sent to the DLQ)`, error);
        return;
      }
      console.warn(`[report-schedule] run ${scheduledTime} failed, retrying in ${delay / 1000} s`, error);
      later(delay, () => void runWithRetries(scheduledTime, attempt + 1));
    }
  };

  const arm = () => {
    const at = nextRunAfter(now());
    later(Math.max(0, at.getTime() - now().getTime()), () => {
      void runWithRetries(at.toISOString());
      arm();
    });
  };

  return {
    name: 'report-schedule',
    async start(context) {
      stopped = false;
      invoke = options.invoke ?? ((event) => context.functions.invoke(countySalesSchedule, event));
      const invokeMonthly = options.invokeMonthly ?? ((event: ScheduledRunEvent) => context.functions.invoke(monthlyReportsSchedule, event));
      arm();
      return {
        controlRoutes: [
          {
            method: 'POST',
            path: '/_local/schedules/county-sales-report',
            handle: async ({ body }) => {
              const date = (body as { date?: unknown } | undefined)?.date;
              if (date !== undefined && (typeof date !== 'string' || !isCalendarDay(date))) {
                return { status: 400, body: { error: { code: 'VALIDATION_FAILED', message: 'date must be a calendar day, YYYY-MM-DD' } } };
              }
              // Without a date this is the run Scheduler would make right now: it reports yesterday.
              const scheduledTime = typeof date === 'string' ? scheduledTimeFor(date) : now().toISOString();
              const result = await invoke(schedulerEvent(scheduledTime));
              return { status: 202, body: { scheduledTime, result } };
            },
          },
          {
            // The monthly run is not armed on a timer locally (a month is longer than a dev session): fire it here.
            method: 'POST',
            path: '/_local/schedules/monthly-reports',
            handle: async ({ body }) => {
              const month = (body as { month?: unknown } | undefined)?.month;
              if (month !== undefined && (typeof month !== 'string' || !MONTH.test(month))) {
                return { status: 400, body: { error: { code: 'VALIDATION_FAILED', message: 'month must be YYYY-MM' } } };
              }
              // Without a month this is the run Scheduler would make right now: it reports the month before.
              const scheduledTime = typeof month === 'string' ? monthlyScheduledTimeFor(month) : now().toISOString();
              const result = await invokeMonthly(schedulerEvent(scheduledTime));
              return { status: 202, body: { scheduledTime, result } };
            },
          },
        ],
      };
    },
    async stop() {
      stopped = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
  };
}

