// The rota: who is on call at any instant, computed from a start date and a period (not by cron).
// Shifts hand over at the same wall-clock time in the rota's zone, so a week with a DST change is
// an hour shorter or longer.
import { dayNumber, fromDayNumber, parseClock, parseIsoDate, zonedInstant } from "./time.js";

/** A rota change that cannot be made; the message is for the person who asked. */
export class RotaError extends Error {
  override name = "RotaError";
}

export interface Override {
  person: string;
  from: number;
  until: number;
  by?: string;
}

export interface Rota {
  /** In order of rotation, as chat mentions: `<@U123>`. */
  people: string[];
  /** Days per shift. */
  periodDays: number;
  /** The local date the first shift starts: `2026-03-02`. */
  start: string;
  /** Handover time, local: `09:00`. */
  at: string;
  /** IANA zone: `Europe/Berlin`. */
  tz: string;
  /** Shift number → who covers it instead (swaps). */
  swaps: Record<string, string>;
  /** Time-boxed cover; the latest added wins while it lasts. */
  overrides: Override[];
  updatedBy?: string;
  updatedAt?: number;
}

export interface OnCall {
  person?: string;
  /** When this person stops being on call (the next change), ms. */
  until: number;
  why: "rota" | "swap" | "override" | "not started";
  shift: number;
}

function handover(rota: Rota): { hour: number; minute: number } {
  return parseClock(rota.at) ?? { hour: 9, minute: 0 };
}

function startDay(rota: Rota): number {
  const date = parseIsoDate(rota.start);
  if (!date) throw new Error(`rota start "${rota.start}" is not a date`);
  return dayNumber(date);
}

/** When shift `n` begins (shift 0 begins at the start date's handover time). */
export function shiftStart(rota: Rota, n: number): number {
  const { hour, minute } = handover(rota);
  return zonedInstant(fromDayNumber(startDay(rota) + n * rota.periodDays), hour, minute, rota.tz);
}

/** The shift an instant falls in (negative before the rota starts). */
export function shiftAt(rota: Rota, ms: number): number {
  const approx = Math.floor((ms - shiftStart(rota, 0)) / (rota.periodDays * 86_400_000));
  let n = approx;
  while (shiftStart(rota, n) > ms) n--;
  while (shiftStart(rota, n + 1) <= ms) n++;
  return n;
}

/** Who the rotation (with swaps) puts on shift `n`. */
export function personForShift(rota: Rota, n: number): string | undefined {
  if (n < 0 || rota.people.length === 0) return undefined;
  return rota.swaps[String(n)] ?? rota.people[n % rota.people.length];
}

function activeOverride(rota: Rota, ms: number): Override | undefined {
  for (let i = rota.overrides.length - 1; i >= 0; i--) {
    const o = rota.overrides[i]!;
    if (o.from <= ms && ms < o.until) return o;
  }
  return undefined;
}

/** Who is on call at an instant, and until when. */
export function onCallAt(rota: Rota, ms: number): OnCall {
  const shift = shiftAt(rota, ms);
  const override = activeOverride(rota, ms);
  if (override) return { person: override.person, until: override.until, why: "override", shift };
  const nextOverride = Math.min(
    ...rota.overrides.filter((o) => o.from > ms).map((o) => o.from),
    Number.POSITIVE_INFINITY,
  );
  const until = Math.min(shiftStart(rota, Math.max(shift, -1) + 1), nextOverride);
  if (shift < 0) return { until, why: "not started", shift };
  return {
    person: personForShift(rota, shift),
    until,
    why: rota.swaps[String(shift)] ? "swap" : "rota",
    shift,
  };
}

/** Who is on call now, and the next different person with the time they take over. */
export function nowAndNext(
  rota: Rota,
  now: number,
): { now: OnCall; next?: { person: string; from: number } } {
  const current = onCallAt(rota, now);
  let t = current.until;
  for (let step = 0; step < 4 * Math.max(1, rota.people.length) + 8; step++) {
    const later = onCallAt(rota, t);
    if (later.person && later.person !== current.person)
      return { now: current, next: { person: later.person, from: t } };
    t = later.until;
  }
  return { now: current };
}

/** The person currently on call swaps with `person`: `person` takes this shift, and the other takes
 *  `person`'s next shift in return (when `person` is in the rota). */
export function swapCurrent(rota: Rota, person: string, now: number): Rota {
  const shift = shiftAt(rota, now);
  if (shift < 0) throw new RotaError("The rota has not started yet.");
  const current = personForShift(rota, shift);
  if (current === person) throw new RotaError(`${person} is already on this shift.`);
  const swaps = { ...rota.swaps, [String(shift)]: person };
  if (current && rota.people.includes(person)) {
    for (let n = shift + 1; n <= shift + rota.people.length * 2; n++) {
      if (personForShift(rota, n) === person) {
        swaps[String(n)] = current;
        break;
      }
    }
  }
  return { ...rota, swaps };
}

/** Drops swaps and overrides that are over, so the record stays small. */
export function prune(rota: Rota, now: number): Rota {
  const shift = shiftAt(rota, now);
  return {
    ...rota,
    swaps: Object.fromEntries(Object.entries(rota.swaps).filter(([n]) => Number(n) >= shift)),
    overrides: rota.overrides.filter((o) => o.until > now),
  };
}
