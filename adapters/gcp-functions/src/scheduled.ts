// Schedules on Cloud Functions: a Cloud Scheduler job per schedule publishes
// `{"kind":"catops.schedule","schedule":"<name>"}` to the jobs topic, and the Pub/Sub CloudEvent
// function fires it. The firing's time is the message's publish time, so a redelivered message
// is the same firing.
import { type CatOps, firingTime, type Logger, type ScheduleEnvelope } from "@catops/core";
import type { InvocationRuntime } from "./runtime.js";
import type { CloudEvent } from "./types.js";

export type ScheduleBot = Pick<CatOps, "runSchedule" | "schedules">;

/**
 * Fires the schedule a message names. An unknown schedule is logged and acknowledged (a retry
 * cannot fix it); a failure before the command ran is thrown, so Pub/Sub delivers it again.
 */
export async function runScheduledMessage(
  bot: Partial<ScheduleBot>,
  envelope: ScheduleEnvelope,
  event: CloudEvent<unknown>,
  runtime: InvocationRuntime,
  logger: Logger,
): Promise<void> {
  if (!bot.runSchedule || !bot.schedules?.has(envelope.schedule)) {
    logger.error("Pub/Sub message names an unknown schedule; dropped", {
      schedule: envelope.schedule,
      eventId: event.id,
    });
    return;
  }
  const published = event.time ? Date.parse(event.time) : Number.NaN;
  const now = firingTime(envelope, Number.isFinite(published) ? published : Date.now());
  try {
    await bot.runSchedule(envelope.schedule, { now, runtime });
  } finally {
    await runtime.settle();
  }
}
