// Schedules on Lambda: an EventBridge rule or EventBridge Scheduler schedule invokes the function
// with a constant input naming the schedule, `{"kind":"catops.schedule","schedule":"<name>"}`
// (Scheduler adds `"time":"<aws.scheduler.scheduled-time>"`, so a retried firing is known as
// the same firing).
import { type CatOps, firingTime, type Runtime, type ScheduleEnvelope } from "@catops/core";

/** What a scheduled invocation answers. */
export interface ScheduledResult {
  ok: boolean;
  schedule: string;
  /** False when this firing had already run (a repeated delivery) or could not run. */
  ran: boolean;
  error?: string;
}

/**
 * Fires the schedule. An unknown schedule is answered, not thrown: a retry cannot fix it. A
 * failure before the command ran (the store) is thrown, so Lambda retries the invocation.
 */
export async function runScheduled(
  bot: Pick<CatOps, "runSchedule" | "schedules" | "logger">,
  envelope: ScheduleEnvelope,
  runtime: Runtime,
): Promise<ScheduledResult> {
  const { schedule } = envelope;
  if (!bot.schedules.has(schedule)) {
    bot.logger.error("scheduled invocation names an unknown schedule", { schedule });
    return { ok: false, schedule, ran: false, error: `there is no schedule named "${schedule}"` };
  }
  const run = await bot.runSchedule(schedule, { now: firingTime(envelope, Date.now()), runtime });
  return {
    ok: run.error === undefined,
    schedule,
    ran: run.ran,
    ...(run.error ? { error: run.error } : {}),
  };
}
