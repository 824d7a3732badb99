// What the `alert` command declares and how it is configured, shared by the command
// (lifecycle.ts), the stub that loads it on first use, and the cards whose buttons run it.
import { type AllowRule, type Command, type CommandDefinition, onFirstUse } from "@catops/core";
import type { Lifecycle } from "./message.js";

export interface LifecycleOptions {
  /** Who may acknowledge, snooze, resolve and escalate. Default: everyone. */
  allow?: AllowRule;
  /** Ask with a button before each action. */
  confirm?: boolean | string;
  /** Snooze durations the card offers. Default `['1h', '4h']`. */
  snooze?: readonly string[];
  /** The command's name. Default 'alert'. */
  name?: string;
}

export interface EscalationOptions {
  /** Minutes an alert may stay unacknowledged before each page. */
  afterMinutes: number;
  /** How many people after the one on call are paged in turn. Default 2. */
  steps?: number;
}

/**
 * A snooze the card offers: `30m`, `2h`, `1d`, `1w` (a form `alert snooze` reads). Checked here
 * without the rota's duration parser, so the bot's entry stays small.
 */
const SNOOZE = /^[1-9]\d{0,3}[mhdw]$/;

export const LIFECYCLE_SPEC = {
  description: "Acknowledge, snooze or resolve an alert; page the next on-call for overdue ones",
  usage: "alert ack <id> | snooze <id> <30m|2h> | resolve <id> | escalate",
  args: { words: { rest: true, description: "what to do and to which alert" } },
} satisfies Omit<CommandDefinition, "run">;

/** The card's buttons and the command's rule, from createAlerts' `lifecycle` option. */
export function lifecycleOf(options: {
  lifecycle?: LifecycleOptions | false;
}): Omit<Lifecycle, "id"> & Pick<LifecycleOptions, "allow" | "confirm"> {
  const given = options.lifecycle || {};
  return {
    command: given.name ?? "alert",
    snooze: given.snooze ?? ["1h", "4h"],
    allow: given.allow,
    confirm: given.confirm,
  };
}

/** Fails loudly on options that could never work. */
export function checkLifecycle(
  lifecycle: LifecycleOptions | false | undefined,
  escalation: EscalationOptions | undefined,
): void {
  for (const duration of (lifecycle ? lifecycle.snooze : undefined) ?? [])
    if (!SNOOZE.test(duration))
      throw new TypeError(
        `createAlerts: lifecycle.snooze "${duration}" is not a duration like 30m`,
      );
  if (escalation) {
    if (!(escalation.afterMinutes > 0))
      throw new TypeError("createAlerts: escalation.afterMinutes must be positive");
    if (
      escalation.steps !== undefined &&
      !(Number.isInteger(escalation.steps) && escalation.steps > 0)
    )
      throw new TypeError("createAlerts: escalation.steps must be a positive whole number");
  }
}

/** `alert` as the bot registers it, loading the command module the first time it runs. */
export function alertStub(
  options: Parameters<typeof import("./on-demand.js")["alertCommand"]>[0],
): Command {
  const lifecycle = lifecycleOf(options);
  const load = onFirstUse(async () => (await import("./lifecycle.js")).alertCommand(options));
  return {
    ...LIFECYCLE_SPEC,
    allow: lifecycle.allow,
    confirm: lifecycle.confirm,
    name: lifecycle.command,
    run: async (ctx) => (await load()).run(ctx),
  };
}
