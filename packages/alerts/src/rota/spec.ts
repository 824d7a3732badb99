// What `oncall` declares (description, usage, args, flags), shared by the command (commands.ts)
// and the stub that stands in for it until it first runs (stub.ts).
import type { CommandDefinition } from "@catops/core";
import { isTimeZone } from "./zone.js";

export const ONCALL_SPEC = {
  description: "Who is on call now and next; set the rota, swap a shift, override for a while",
  usage:
    "oncall [rota [set @a @b … --every week --from monday [--tz Europe/Berlin] [--at 09:00] | clear] | swap @b | override @c until friday|for 4h | handoff]",
  args: { words: { rest: true, description: "what to do (empty: who is on call)" } },
  flags: {
    every: { description: "shift length: day, week, fortnight, 3d, 2w" },
    from: { description: "first shift: a weekday (the latest up to today), today or 2026-03-02" },
    tz: { description: "time zone of the handover, e.g. Europe/Berlin" },
    at: { description: "handover time, e.g. 09:00" },
  },
} satisfies Omit<CommandDefinition, "run">;

/** The zone of a rota set without `--tz`, checked: an unknown one fails when the bot is made. */
export function defaultZoneOf(options: { timeZone?: string }): string {
  const zone = options.timeZone ?? "UTC";
  // Checking a zone loads ICU's time zone data (~10 ms of a cold start): UTC needs no check.
  if (zone !== "UTC" && !isTimeZone(zone)) throw new TypeError(`unknown time zone "${zone}"`);
  return zone;
}
