// Schedules: a command line the bot runs by itself at set times, its reply posted to a channel.
// Written in a plugin file (`export const schedules = [...]`) or passed as `schedules`; checked
// when the bot is created, so a typo fails the deploy rather than a 9 o'clock handoff.
import { parseCron, type Cron } from "./schedule-cron.js";
import type { PluginModule } from "./registry.js";
import { suggest } from "./suggest.js";
import { tokenize } from "./tokenize.js";

export interface ScheduleDefinition {
  /** Names the schedule in logs, the store and each cloud's trigger: `rota-handoff`. */
  name: string;
  /** Five-field cron in UTC: `0 9 * * MON-FRI` (weekdays at 09:00), `* * * * *` (every minute). */
  schedule: string;
  /** The command line, as typed in chat: `oncall handoff`. */
  run: string;
  /** The channel id its reply is posted to, or `$SETTING` to read the id from the bot's env. */
  channel: string;
  /** The connector that posts it, by name. Default: the bot's `notifyVia`, else its first. */
  connector?: string;
}

/** A schedule as the bot holds it: checked, its cron parsed. */
export interface Schedule extends ScheduleDefinition {
  cron: Cron;
}

/** What a runtime's trigger hands an adapter to fire a schedule (EventBridge input, Pub/Sub data). */
export interface ScheduleEnvelope {
  kind: "catops.schedule";
  schedule: string;
  /** The firing's time (ISO 8601), when the trigger says it; otherwise the time it arrived. */
  time?: string;
}

/** The user a schedule runs as: access rules name it like any user (`users: ["catops:scheduler"]`). */
export const SCHEDULER_USER = { id: "catops:scheduler", name: "scheduler" } as const;

/** Schedule names are valid trigger names in every cloud (EventBridge, Azure, Cloud Scheduler). */
const SCHEDULE_NAME = /^[a-z][a-z0-9-]{0,47}$/;

export function isScheduleEnvelope(value: unknown): value is ScheduleEnvelope {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as ScheduleEnvelope).kind === "catops.schedule" &&
    typeof (value as ScheduleEnvelope).schedule === "string"
  );
}

/** When a delivered firing fired: its envelope's `time`, else `fallback` (the time it arrived). */
export function firingTime(envelope: ScheduleEnvelope, fallback: number): number {
  const time = envelope.time === undefined ? Number.NaN : Date.parse(envelope.time);
  return Number.isFinite(time) ? time : fallback;
}

/** The `schedules` each plugin file exports, in file order. */
export function schedulesFromModules(modules: readonly PluginModule[]): ScheduleDefinition[] {
  const found: ScheduleDefinition[] = [];
  for (const module of modules) {
    const exported = module.exports?.schedules;
    if (exported === undefined) continue;
    if (!Array.isArray(exported))
      throw new TypeError(`${module.file}: "schedules" must be an array of schedules`);
    found.push(...(exported as ScheduleDefinition[]));
  }
  return found;
}

export interface ScheduleCheck {
  /**
   * The command names the bot knows. Without it the command lines are not checked (`catops
   * build`, which does not know which commands the app adds beside its plugins).
   */
  commands?: ReadonlySet<string> | ReadonlyMap<string, unknown>;
  /** The bot's names, which may lead a command line. */
  botNames?: readonly string[];
  /** The bot's connector names. Without it, a schedule's connector is not checked. */
  connectors?: readonly string[];
}

/** Checks every schedule; throws a TypeError naming the schedule and what is wrong with it. */
export function checkSchedules(
  definitions: readonly ScheduleDefinition[],
  check: ScheduleCheck,
): Map<string, Schedule> {
  const schedules = new Map<string, Schedule>();
  for (const definition of definitions) {
    const name = typeof definition?.name === "string" ? definition.name : "";
    const fail = (why: string): never => {
      throw new TypeError(`schedule "${name}": ${why}`);
    };
    if (!SCHEDULE_NAME.test(name))
      fail("its name must be 1-48 lowercase letters, digits and hyphens, starting with a letter");
    if (schedules.has(name)) fail("two schedules have this name");
    let cron: Cron;
    try {
      cron = parseCron(definition.schedule);
    } catch (error) {
      fail((error as Error).message);
    }
    if (typeof definition.channel !== "string" || definition.channel.trim() === "")
      fail("it needs a channel to post its reply to");
    if (
      definition.connector !== undefined &&
      check.connectors &&
      !check.connectors.includes(definition.connector)
    )
      fail(`it names the connector "${definition.connector}", which the bot does not have`);
    checkCommandLine(definition.run, check, fail);
    schedules.set(name, { ...definition, cron: cron! });
  }
  return schedules;
}

function checkCommandLine(run: unknown, check: ScheduleCheck, fail: (why: string) => never): void {
  if (typeof run !== "string" || run.trim() === "") fail("it needs a command line to run");
  let tokens: string[];
  try {
    tokens = tokenize(run as string);
  } catch (error) {
    fail(`its command line cannot be read: ${(error as Error).message}`);
  }
  if (tokens.length > 1 && (check.botNames ?? []).includes(tokens[0]!.toLowerCase()))
    tokens.shift();
  const command = tokens[0] ?? "";
  if (!check.commands || check.commands.has(command)) return;
  const close = suggest(command, check.commands.keys());
  fail(
    `it runs "${command}", which is not a command${close.length > 0 ? ` (did you mean ${close.join(", ")}?)` : ""}`,
  );
}

/** The schedules that fire in the given minute (an in-process scheduler's tick). */
export function schedulesDueAt(schedules: ReadonlyMap<string, Schedule>, time: number): string[] {
  return [...schedules.values()].filter((s) => s.cron.matches(time)).map((s) => s.name);
}

/** The schedules written with this cron expression (a Workers `controller.cron`). */
export function schedulesWithCron(
  schedules: ReadonlyMap<string, Schedule>,
  expression: string,
): string[] {
  const normalised = expression.trim().split(/\s+/).join(" ");
  return [...schedules.values()].filter((s) => s.cron.expression === normalised).map((s) => s.name);
}
