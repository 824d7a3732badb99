// Schedules on Workers: each schedule's cron is one of the Worker's Cron Triggers (wrangler.toml
// `[triggers] crons`), and workerd calls `scheduled()` with the cron that fired and its time.
// Every schedule written with that cron runs, once per firing.
import type { CatOps } from "@catops/core";
import { invocationRuntime, type RuntimeSettings } from "./runtime.js";
import type { ExecutionContext, ScheduledController } from "./types.js";

export function createScheduledHandler<Env extends object>(
  botFor: (env: Env) => Promise<CatOps>,
  settings: RuntimeSettings = {},
) {
  return async function scheduled(
    controller: ScheduledController,
    env: Env,
    ctx: ExecutionContext,
  ): Promise<void> {
    const bot = await botFor(env);
    const runtime = invocationRuntime(env, ctx, settings);
    const names = bot.schedulesWithCron(controller.cron);
    if (names.length === 0)
      (settings.logger ?? bot.logger).warn(
        "a Cron Trigger fired that no schedule is written with",
        {
          cron: controller.cron,
        },
      );
    // A failure is thrown: the Cron Trigger's run is then marked failed in the dashboard.
    const runs = await Promise.allSettled(
      names.map((name) => bot.runSchedule(name, { now: controller.scheduledTime, runtime })),
    );
    const failed = runs.filter((run) => run.status === "rejected");
    if (failed.length > 0) throw (failed[0] as PromiseRejectedResult).reason;
  };
}
