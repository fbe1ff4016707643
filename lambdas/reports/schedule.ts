import { z } from 'zod';

/**
 * The daily county sales run, declared once: CDK builds the EventBridge Scheduler schedule and the
 * generator function from it, and the local runtime fires the same handler on the same clock.
 */
export const countySalesSchedule = {
  id: 'countySalesReport',
  entry: 'lambdas/reports/handlers/scheduled-report.ts',
  description: "Generates the previous Asia/Shanghai day's county sales report",
  // 00:05, not 00:00: the day's last orders have reached the (eventually consistent) day index by then.
  expression: 'cron(5 0 * * ? *)',
  at: { hour: 0, minute: 5 },
  timeZone: 'Asia/Shanghai',
  memoryMb: 1024,
  timeoutSeconds: 300,
  /** Lambda's own retries of an asynchronous invocation that failed (Scheduler invokes asynchronously). */
  asyncRetryAttempts: 2,
} as const;

/**
 * The monthly run: on the 1st at 01:00 Asia/Shanghai, the previous month's county report and the
 * village status of every county with sales. It reads the daily aggregates, so it runs after the
 * last day's 00:05 run has written them.
 */
export const monthlyReportsSchedule = {
  id: 'monthlyReports',
  entry: 'lambdas/reports/handlers/scheduled-monthly-reports.ts',
  description: "Generates the previous month's county report and every county's village status",
  expression: 'cron(0 1 1 * ? *)',
  at: { hour: 1, minute: 0 },
  timeZone: 'Asia/Shanghai',
  memoryMb: 1024,
  timeoutSeconds: 900,
  asyncRetryAttempts: 2,
} as const;

/** What the schedule sends: EventBridge Scheduler fills these placeholders in at each run. */
export const schedulerInputTemplate = {
  scheduledTime: '<aws.scheduler.scheduled-time>',
  executionId: '<aws.scheduler.execution-id>',
  attemptNumber: '<aws.scheduler.attempt-number>',
} as const;

export const scheduledRunEvent = z.object({
  scheduledTime: z.iso.datetime({ offset: true }),
  executionId: z.string().optional(),
  attemptNumber: z.coerce.number().int().optional(),
});
export type ScheduledRunEvent = z.infer<typeof scheduledRunEvent>;
