// Fires schedules: each runtime's trigger calls `runSchedule`, which runs the command line as
// the scheduler user through the same engine as chat (policy, audit, jobs for slow commands)
// and posts the reply to the schedule's channel. One run per firing: the first delivery of a
// firing claims `schedule:<name>:<minute>` in the store, so a repeated delivery is skipped.
import type { Connector, ConnectorKit } from "../connector.js";
import { envSetting } from "../http/connector-kit.js";
import { deliverReply } from "./delivery.js";
import type { Engine } from "./execute.js";
import { randomId } from "../ids.js";
import { SCHEDULER_USER, type Schedule } from "../dispatch/schedules.js";
import type { CommandEvent, Reply, Runtime, Store } from "../types.js";

export interface ScheduleRunnerParts {
  schedules: ReadonlyMap<string, Schedule>;
  engine: Engine;
  store: Store;
  now: () => number;
  /** The connector that posts a schedule's reply: its own, else the bot's notifying one. */
  connectorFor: (schedule: Schedule) => Connector;
  kitFor: (connector: Connector, runtime: Runtime, requestId: string) => ConnectorKit;
}

export interface ScheduleRunOptions {
  /** When the trigger fired, ms since the epoch. Default: now. */
  now?: number;
  runtime?: Runtime;
}

/** What one firing did. */
export interface ScheduleRun {
  schedule: string;
  /** The firing it belongs to: the cron's latest minute at or before the trigger's time. */
  slot: string;
  /** False when this firing had already been run (a repeated delivery). */
  ran: boolean;
  reply?: Reply;
  /** Why the reply did not reach the channel. */
  error?: string;
}

// Long enough for any runtime's redelivery of a firing (EventBridge retries for up to a day).
const SLOT_TTL_SECONDS = 2 * 24 * 3600;

export function createScheduleRunner(parts: ScheduleRunnerParts) {
  const { schedules, engine, store } = parts;

  /** Runs the schedule's command for the firing at `options.now`, once per firing. */
  async function runSchedule(name: string, options: ScheduleRunOptions = {}): Promise<ScheduleRun> {
    const schedule = schedules.get(name);
    if (!schedule) throw new Error(`there is no schedule named "${name}"`);
    const firedAt = options.now ?? parts.now();
    const minute = schedule.cron.previous(firedAt) ?? Math.floor(firedAt / 60_000) * 60_000;
    const slot = new Date(minute).toISOString().slice(0, 16);
    const runtime = options.runtime ?? {};
    const connector = parts.connectorFor(schedule);
    const kit = parts.kitFor(connector, runtime, runtime.requestId ?? randomId(12));
    const channel = channelOf(schedule, kit.env);
    if (!channel) {
      const error = `its channel setting ${schedule.channel.slice(1)} is not set`;
      kit.log.error("schedule not run", { schedule: name, slot, error });
      return { schedule: name, slot, ran: false, error };
    }
    const claimed = await store.setIfAbsent(
      `schedule:${name}:${slot}`,
      { firedAt },
      { ttlSeconds: SLOT_TTL_SECONDS },
    );
    if (!claimed) {
      kit.log.info("schedule already ran for this firing; skipped", { schedule: name, slot });
      return { schedule: name, slot, ran: false };
    }
    const event: CommandEvent = {
      command: [],
      text: schedule.run,
      user: { ...SCHEDULER_USER },
      channel: { id: channel },
      source: "schedule",
    };
    kit.log.info("schedule firing", { schedule: name, slot });
    const reply = await engine.execute(event, connector, kit);
    if (!reply) return { schedule: name, slot, ran: true };
    // An answer only its asker would see ("Nothing to escalate.") has nobody to show it to here:
    // logged, not posted to the channel at every firing. Errors are posted, so the team sees a
    // schedule that fails.
    if (reply.visibility === "ephemeral" && !reply.error) {
      kit.log.info("schedule answered only its asker; not posted", { schedule: name, slot });
      return { schedule: name, slot, ran: true, reply };
    }
    const error = await deliverReply(connector, event, reply, kit);
    if (error) kit.log.error("schedule reply not delivered", { schedule: name, slot, error });
    return { schedule: name, slot, ran: true, reply, ...(error ? { error } : {}) };
  }

  return { runSchedule };
}

function channelOf(schedule: Schedule, env: Record<string, unknown>): string | undefined {
  const channel = schedule.channel.trim();
  return channel.startsWith("$") ? envSetting(env, channel.slice(1)) : channel;
}
