import { orderSchedules, type OrderSchedule } from '../../lambdas/orders/schedules';
import type { LocalExtension } from '../extension';
import type { ControlRoute } from '../http-gateway';

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;

/**
 * The order lifecycle's schedules, locally: never on a clock (so that orders placed in the past, as the
 * seed places them, can still be paid), only on demand. `POST {schedule.localPath} { at? }` runs the
 * deployed handler as EventBridge Scheduler would at `at` (default now) and answers 202 once it is done,
 * with what it did.
 */
export function orderSchedulesExtension(options: { now?: () => Date } = {}): LocalExtension {
  const now = options.now ?? (() => new Date());
  return {
    name: 'order-schedules',
    async start(context) {
      const route = (schedule: OrderSchedule): ControlRoute => ({
        method: 'POST',
        path: schedule.localPath,
        handle: async ({ body }) => {
          const at = (body as { at?: unknown } | undefined)?.at;
          if (at !== undefined && (typeof at !== 'string' || !ISO_UTC.test(at) || Number.isNaN(Date.parse(at)))) {
            return { status: 400, body: { error: { code: 'VALIDATION_FAILED', message: 'at must be an ISO-8601 UTC instant' } } };
          }
          const scheduledTime = typeof at === 'string' ? new Date(at).toISOString() : now().toISOString();
          const result = await context.functions.invoke(schedule, { scheduledTime, executionId: `local-${schedule.id}-${scheduledTime}`, attemptNumber: 0 });
          return { status: 202, body: { scheduledTime, result } };
        },
      });
      return { controlRoutes: orderSchedules.map(route) };
    },
  };
}
