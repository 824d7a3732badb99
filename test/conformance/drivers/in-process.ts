// The in-process row: a bot's own fetch handler, with waitUntil collected so drain() can wait for
// everything that runs after an answer.
import type { CatOps } from "@catops/core";
import type { ConformanceSetup, RunningAdapter } from "@catops/conformance";
import { collectWaitUntil } from "./background.ts";

export interface InProcessOptions {
  /** Default 'in-process (bot.fetch)'. */
  name?: string;
  /** The bot for one start of the row. */
  bot(setup: ConformanceSetup): CatOps;
}

export function inProcessDriver(options: InProcessOptions) {
  return {
    name: options.name ?? "in-process (bot.fetch)",
    inapplicable: {
      redelivery: "no queue redelivers its jobs: they run in this process, and die with it",
      jobEnvelopes:
        "its jobs run in this process, through waitUntil: no envelope arrives from outside",
    },
    async start(setup: ConformanceSetup): Promise<RunningAdapter & { drain(): Promise<void> }> {
      const bot = options.bot(setup);
      const background = collectWaitUntil();
      return {
        send: (request) => bot.fetch(request, { waitUntil: background.waitUntil }),
        drain: background.drain,
        fire: async (schedule, at) =>
          void (await bot.runSchedule(schedule.name, {
            now: at.getTime(),
            runtime: { waitUntil: background.waitUntil },
          })),
        stop: background.drain,
      };
    },
  };
}
