// Schedules on Azure Functions: one timer-triggered function per schedule, named
// `catops-schedule-<name>`, its NCRONTAB converted from the schedule's cron. The host runs a
// timer in one instance at a time; the bot's claim of the firing in the store covers a firing
// run again after a restart (`isPastDue`).
import type { InvocationContext, Timer } from "@azure/functions";
import { type CatOps, cronForAzure } from "@catops/core";
import type { FunctionsApp, InvocationRuntime } from "./types.js";

export const SCHEDULE_FUNCTION_PREFIX = "catops-schedule-";

export function registerSchedules(
  app: FunctionsApp,
  bot: CatOps,
  runtimeFor: (context: InvocationContext, startedAt: number) => InvocationRuntime,
): void {
  if (bot.schedules.size === 0) return;
  if (!app.timer)
    throw new TypeError(
      "registerCatOps: the bot has schedules, and the app has no timer(): pass @azure/functions' app",
    );
  for (const schedule of bot.schedules.values()) {
    app.timer(`${SCHEDULE_FUNCTION_PREFIX}${schedule.name}`, {
      schedule: cronForAzure(schedule.cron),
      handler: async function fireSchedule(timer: Timer, context: InvocationContext) {
        const startedAt = Date.now();
        const runtime = runtimeFor(context, startedAt);
        try {
          await bot.runSchedule(schedule.name, { now: startedAt, runtime });
        } finally {
          if (timer.isPastDue)
            runtime.logger?.warn("schedule fired late", { schedule: schedule.name });
          await runtime.settle();
          runtime.end();
        }
      },
    });
  }
}
