// Reading the times people type: `--every week`, `--from monday`, `until friday 17:00`, `for 4h`.
import {
  dayNumber,
  fromDayNumber,
  type LocalDate,
  localParts,
  parseClock,
  parseIsoDate,
  zonedInstant,
} from "./time.js";

const WEEKDAY_NAMES = [
  ["sun", "sunday"],
  ["mon", "monday"],
  ["tue", "tues", "tuesday"],
  ["wed", "wednesday"],
  ["thu", "thur", "thurs", "thursday"],
  ["fri", "friday"],
  ["sat", "saturday"],
];

/** 0 Sunday … 6 Saturday, or undefined. */
export function weekdayOf(word: string): number | undefined {
  const lower = word.toLowerCase();
  const index = WEEKDAY_NAMES.findIndex((names) => names.includes(lower));
  return index >= 0 ? index : undefined;
}

/** `day`, `week`, `fortnight`, `3d`, `2w`, `10days` → days per shift. */
export function parseEvery(text: string): number | undefined {
  const lower = text.toLowerCase();
  const named: Record<string, number> = {
    day: 1,
    daily: 1,
    week: 7,
    weekly: 7,
    fortnight: 14,
    fortnightly: 14,
  };
  if (named[lower]) return named[lower];
  const match = /^(\d{1,3})\s*(d|days?|w|weeks?)$/.exec(lower);
  if (!match) return undefined;
  const days = Number(match[1]) * (match[2]!.startsWith("w") ? 7 : 1);
  return days >= 1 && days <= 366 ? days : undefined;
}

/** `4h`, `30m`, `90min`, `2d`, `1w`, `1h30m` → ms. */
export function parseDuration(text: string): number | undefined {
  const units: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
  const lower = text.toLowerCase().replace(/\s+/g, "");
  if (!/^(\d+(m|min|mins|minutes?|h|hrs?|hours?|d|days?|w|weeks?))+$/.test(lower)) return undefined;
  let total = 0;
  for (const [, amount, unit] of lower.matchAll(/(\d+)([a-z]+)/g))
    total += Number(amount) * units[unit!.startsWith("mi") ? "m" : unit![0]!]!;
  return total > 0 ? total : undefined;
}

/** The calendar date a rota starts: a weekday means the latest one up to today; `today`, `tomorrow`, or a date. */
export function parseFrom(text: string, now: number, timeZone: string): LocalDate | undefined {
  const today = localParts(now, timeZone);
  const todayNumber = dayNumber(today);
  const lower = text.toLowerCase();
  if (lower === "today") return fromDayNumber(todayNumber);
  if (lower === "tomorrow") return fromDayNumber(todayNumber + 1);
  const weekday = weekdayOf(lower);
  if (weekday !== undefined)
    return fromDayNumber(todayNumber - ((today.weekday - weekday + 7) % 7));
  return parseIsoDate(text);
}

/**
 * The end of an override: `friday`, `tomorrow`, `2026-12-01`, each optionally followed by `HH:MM`
 * (default: the handover time). A weekday is the next one still ahead.
 */
export function parseUntil(
  words: readonly string[],
  now: number,
  timeZone: string,
  handover: { hour: number; minute: number },
): number | undefined {
  const [day, clockText, ...rest] = words;
  if (!day || rest.length > 0) return undefined;
  const clock = clockText === undefined ? handover : parseClock(clockText);
  if (!clock) return undefined;
  const today = localParts(now, timeZone);
  const todayNumber = dayNumber(today);
  const at = (date: LocalDate) => zonedInstant(date, clock.hour, clock.minute, timeZone);
  const lower = day.toLowerCase();
  if (lower === "today") return at(fromDayNumber(todayNumber));
  if (lower === "tomorrow") return at(fromDayNumber(todayNumber + 1));
  const weekday = weekdayOf(lower);
  if (weekday !== undefined) {
    const ahead = (weekday - today.weekday + 7) % 7;
    const candidate = at(fromDayNumber(todayNumber + ahead));
    return candidate > now ? candidate : at(fromDayNumber(todayNumber + ahead + 7));
  }
  const date = parseIsoDate(day);
  return date ? at(date) : undefined;
}
