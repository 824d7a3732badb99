// The `oncall` command: who is on call now and next, and changing the rota from chat.
//   oncall
//   oncall rota                                   the rota and the next shifts
//   oncall rota set @a @b @c --every week --from monday [--tz Europe/Berlin] [--at 09:00]
//   oncall rota clear
//   oncall swap @b                                @b takes the current shift, and the current person @b's next
//   oncall override @c until friday [17:00] | until 2026-12-01 | for 4h
//   oncall handoff                                announce the holder when it changed (for a schedule)
// Members are stored as the chat's own mentions (Slack `<@U…>`, Google Chat `<users/…>`) or as
// `@name`, so rota replies are sent raw; everything in them is a validated mention, a time or a
// zone.
import {
  type AllowRule,
  type ChatDialect,
  type Command,
  type CommandContext,
  command,
  type Reply,
} from "@catops/core";
import { alertHolders } from "../holders.js";
import { announceHandoff } from "./handoff.js";
import {
  nowAndNext,
  onCallAt,
  type Override,
  personForShift,
  prune,
  type Rota,
  RotaError,
  shiftAt,
  shiftStart,
  swapCurrent,
} from "./rota.js";
import { defaultZoneOf, ONCALL_SPEC } from "./spec.js";
import { loadRota, type RotaScope, rotaKeyFor, saveRota } from "./store.js";
import { formatLocal, isoDate, parseClock } from "./time.js";
import { isTimeZone } from "./zone.js";
import { parseDuration, parseEvery, parseFrom, parseUntil } from "./when.js";

export interface OncallOptions {
  /** One rota per channel (default) or one per workspace. */
  scope?: RotaScope;
  /** Who may run `oncall` at all (viewing and changing). Default: everyone. */
  allow?: AllowRule;
  /** The zone of a rota set without `--tz`. Default UTC. */
  timeZone?: string;
  /** The command's name. Default 'oncall'. */
  name?: string;
  /** Clock, for tests. */
  now?: () => number;
}

const MENTION = /^<@([A-Z0-9]+)(?:\|[^>]*)?>$/i;
const PLAIN = /^@[\w.-]{1,80}$/;
/** A user id a chat's mention may carry: letters, digits and `_ . / : -` only. */
const USER_ID = /^[\w./:-]{1,80}$/;
const MAX_PEOPLE = 50;
const MAX_OVERRIDE_MS = 366 * 86_400_000;
const SETUP_HINT = "Set one: `oncall rota set @a @b --every week --from monday`";

/**
 * A mention in the chat's markup, written as the chat writes it (`<users/123>`, `<@U123|alice>` →
 * `<@U123>`); else a Slack mention; `@alice` stays; anything else is refused.
 */
function person(token: string, chat: ChatDialect): string {
  const id = chat.parseMention(token);
  if (id && USER_ID.test(id)) return chat.mention({ id });
  const mention = MENTION.exec(token);
  if (mention) return `<@${mention[1]!.toUpperCase()}>`;
  if (PLAIN.test(token)) return token;
  throw new RotaError(`\`${token.slice(0, 40)}\` is not a person: mention them, like @alice`);
}

function describeRota(rota: Rota): string {
  const every =
    rota.periodDays === 7 ? "week" : rota.periodDays === 1 ? "day" : `${rota.periodDays} days`;
  return `${rota.people.join(" → ")}, every ${every}, handover ${rota.at} ${rota.tz} (from ${rota.start})`;
}

function status(rota: Rota, now: number): string {
  const { now: current, next } = nowAndNext(rota, now);
  const until = Number.isFinite(current.until)
    ? ` until ${formatLocal(current.until, rota.tz)}`
    : "";
  const why =
    current.why === "override" ? " (override)" : current.why === "swap" ? " (swapped)" : "";
  const head = current.person
    ? `On call now: ${current.person}${why}${until} (${rota.tz}).`
    : `Nobody is on call yet; the rota starts ${formatLocal(current.until, rota.tz)} (${rota.tz}).`;
  return next ? `${head}\nNext: ${next.person} from ${formatLocal(next.from, rota.tz)}.` : head;
}

function upcoming(rota: Rota, now: number, count = 4): string {
  const first = Math.max(0, shiftAt(rota, now));
  const lines: string[] = [];
  for (let n = first; n < first + count; n++)
    lines.push(
      `• ${formatLocal(shiftStart(rota, n), rota.tz)}: ${personForShift(rota, n) ?? "nobody"}`,
    );
  return lines.join("\n");
}

export function oncallCommands(options: OncallOptions = {}): Command[] {
  const scope = options.scope ?? "channel";
  const defaultZone = defaultZoneOf(options);
  const clock = options.now ?? Date.now;

  async function setRota(ctx: CommandContext, words: string[], key: string, now: number) {
    const people = words.map((word) => person(word, ctx.chat));
    if (people.length === 0) throw new RotaError("Name the people on the rota, in order.");
    if (people.length > MAX_PEOPLE) throw new RotaError(`At most ${MAX_PEOPLE} people.`);
    const tz = ctx.flags.tz === undefined ? defaultZone : String(ctx.flags.tz);
    if (!isTimeZone(tz))
      throw new RotaError(`Unknown time zone \`${tz}\`: use a name like Europe/Berlin.`);
    const periodDays = parseEvery(String(ctx.flags.every ?? "week"));
    if (!periodDays)
      throw new RotaError("`--every` takes day, week, fortnight, or a count like 3d or 2w.");
    const at = String(ctx.flags.at ?? "09:00");
    const handover = parseClock(at);
    if (!handover) throw new RotaError("`--at` takes a time like 09:00.");
    const start = parseFrom(String(ctx.flags.from ?? "today"), now, tz);
    if (!start)
      throw new RotaError("`--from` takes a weekday, today, tomorrow or a date like 2026-03-02.");
    const rota: Rota = {
      people,
      periodDays,
      start: isoDate(start),
      at: `${String(handover.hour).padStart(2, "0")}:${String(handover.minute).padStart(2, "0")}`,
      tz,
      swaps: {},
      overrides: [],
      updatedBy: ctx.user?.id,
      updatedAt: now,
    };
    await saveRota(ctx.store, key, rota);
    ctx.log.info("on-call rota set", { key, people: people.length, periodDays, tz });
    return `Rota set: ${describeRota(rota)}.\n${status(rota, now)}`;
  }

  async function run(ctx: CommandContext): Promise<Reply | string> {
    const now = clock();
    const key = rotaKeyFor(scope, ctx.event);
    if (!key)
      throw new RotaError(
        `Run this in a ${scope === "team" ? "workspace" : "channel"}: the rota belongs to one.`,
      );
    const words = String(ctx.args.words ?? "")
      .split(/\s+/)
      .filter(Boolean);
    const [verb, ...rest] = words;
    const action = verb?.toLowerCase();

    if (action === "rota" && rest[0]?.toLowerCase() === "set")
      return {
        text: await setRota(ctx, rest.slice(1), key, now),
        raw: true,
        visibility: "in_channel",
      };

    const stored = await loadRota(ctx.store, key);
    if (!stored) {
      if (action === undefined || action === "rota")
        return { text: `No on-call rota here yet. ${SETUP_HINT}`, visibility: "ephemeral" };
      throw new RotaError(`No on-call rota here yet. ${SETUP_HINT}`);
    }
    const rota = prune(stored, now);

    switch (action) {
      case undefined:
      case "now": {
        const holders = ctx.channel
          ? await alertHolders(ctx.store, ctx.channel.id, onCallAt(rota, now).person)
          : [];
        const firing = holders.length > 0 ? `\nFiring:\n${holders.join("\n")}` : "";
        return { text: `${status(rota, now)}${firing}`, raw: true, visibility: "ephemeral" };
      }
      case "rota":
        if (rest[0]?.toLowerCase() === "clear") {
          await ctx.store.delete(key);
          ctx.log.info("on-call rota cleared", { key });
          return { text: "Rota cleared.", visibility: "in_channel" };
        }
        return {
          text: `Rota: ${describeRota(rota)}.\n${status(rota, now)}\nNext shifts:\n${upcoming(rota, now)}`,
          raw: true,
          visibility: "ephemeral",
        };
      case "handoff":
        return announceHandoff(ctx, key, rota, now);
      case "swap": {
        if (rest.length !== 1) throw new RotaError("Usage: `oncall swap @person`");
        const swapped = swapCurrent(rota, person(rest[0]!, ctx.chat), now);
        await saveRota(ctx.store, key, { ...swapped, updatedBy: ctx.user?.id, updatedAt: now });
        return { text: `Swapped.\n${status(swapped, now)}`, raw: true, visibility: "in_channel" };
      }
      case "override": {
        const [who, kind, ...when] = rest;
        if (!who || !kind)
          throw new RotaError("Usage: `oncall override @person until friday` or `for 4h`");
        let until: number | undefined;
        if (kind.toLowerCase() === "for") {
          const ms = parseDuration(when.join(""));
          until = ms === undefined ? undefined : now + ms;
        } else if (kind.toLowerCase() === "until") {
          until = parseUntil(when, now, rota.tz, parseClock(rota.at) ?? { hour: 9, minute: 0 });
        }
        if (until === undefined)
          throw new RotaError(
            "Say how long: `until friday`, `until 2026-12-01 18:00` or `for 4h`.",
          );
        if (until <= now) throw new RotaError("That time has already passed.");
        if (until - now > MAX_OVERRIDE_MS) throw new RotaError("An override lasts a year at most.");
        const override: Override = {
          person: person(who, ctx.chat),
          from: now,
          until,
          by: ctx.user?.id,
        };
        const updated = {
          ...rota,
          overrides: [...rota.overrides, override],
          updatedBy: ctx.user?.id,
          updatedAt: now,
        };
        await saveRota(ctx.store, key, updated);
        return {
          text: `Override set.\n${status(updated, now)}`,
          raw: true,
          visibility: "in_channel",
        };
      }
      default:
        throw new RotaError(
          `Unknown \`oncall ${verb}\`: use \`oncall\`, \`oncall rota\`, \`oncall rota set\`, \`oncall swap\`, \`oncall override\` or \`oncall handoff\`.`,
        );
    }
  }

  const definition = command({
    ...ONCALL_SPEC,
    allow: options.allow,
    run: async (ctx) => {
      try {
        return await run(ctx);
      } catch (error) {
        if (error instanceof RotaError)
          return { text: error.message, visibility: "ephemeral", error: true };
        throw error;
      }
    },
  });
  return [{ ...definition, name: options.name ?? "oncall" }];
}
