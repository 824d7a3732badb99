// Schedules on a Node server: a timer wakes at each minute and fires the schedules due in it.
// Every replica runs one; the bot claims each firing in the shared store (SQLite file,
// PostgreSQL, Redis) before running it, so a firing runs in one replica only.
import type { CatOps, Runtime, ScheduleRun } from "@catops/core";

export interface SchedulerOptions {
  /** The bot whose schedules fire (read at each tick: the dev server may replace it). */
  bot: () => CatOps;
  runtime: Runtime;
  /** Default Date.now. */
  now?: () => number;
}

export interface Scheduler {
  /** Fires the schedules due in the minute holding `time`; the timer calls it every minute. */
  tick(time: number): Promise<ScheduleRun[]>;
  /** Stops the timer and waits for the firings under way. */
  stop(): Promise<void>;
}

const MINUTE = 60_000;

export function startScheduler(options: SchedulerOptions): Scheduler {
  const now = options.now ?? Date.now;
  const running = new Set<Promise<unknown>>();
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  async function tick(time: number): Promise<ScheduleRun[]> {
    const bot = options.bot();
    const minute = Math.floor(time / MINUTE) * MINUTE;
    const runs = await Promise.all(
      bot.schedulesDueAt(minute).map((name) =>
        bot.runSchedule(name, { now: minute, runtime: options.runtime }).catch((error) => {
          bot.logger.error("schedule failed", { schedule: name, error });
          return { schedule: name, slot: new Date(minute).toISOString(), ran: false };
        }),
      ),
    );
    return runs;
  }

  function arm(): void {
    if (stopped) return;
    const at = now();
    timer = setTimeout(
      () => {
        const firing = tick(now()).finally(() => running.delete(firing));
        running.add(firing);
        arm();
      },
      MINUTE - (at % MINUTE),
    );
    timer.unref();
  }
  arm();

  return {
    tick,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await Promise.allSettled([...running]);
    },
  };
}
