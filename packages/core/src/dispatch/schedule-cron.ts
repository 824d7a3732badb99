// Five-field cron (minute hour day-of-month month day-of-week, UTC): the grammar schedules are
// written in. Workers and Cloud Scheduler take it as it is; Azure's timer and EventBridge get it
// converted (cronForAws, cronForAzure). A day of month and a day of week may not both be
// restricted: EventBridge cannot say that, and standard cron reads it as "either", which
// surprises.

export interface Cron {
  /** The expression as written, spaces normalised: what Workers hand back as `controller.cron`. */
  expression: string;
  minutes: readonly number[];
  hours: readonly number[];
  days: readonly number[];
  months: readonly number[];
  /** 0 = Sunday. */
  weekdays: readonly number[];
  /** Which fields are `*`, in field order. */
  any: readonly [boolean, boolean, boolean, boolean, boolean];
  /** Whether a UTC minute (ms since the epoch, any ms within it) is a firing of this cron. */
  matches(time: number): boolean;
  /** The latest firing at or before `time` within about a year, as ms (a whole minute). */
  previous(time: number): number | undefined;
}

const MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
const WEEKDAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];
const FIELDS = [
  { name: "minute", min: 0, max: 59 },
  { name: "hour", min: 0, max: 23 },
  { name: "day of month", min: 1, max: 31 },
  { name: "month", min: 1, max: 12, names: MONTHS, offset: 1 },
  { name: "day of week", min: 0, max: 7, names: WEEKDAYS, offset: 0 },
] as const;
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** Parses a five-field cron expression; throws a TypeError saying what is wrong. */
export function parseCron(expression: string): Cron {
  const parts = String(expression ?? "")
    .trim()
    .split(/\s+/);
  if (parts.length !== 5 || parts[0] === "")
    throw new TypeError(
      `"${expression}" is not a five-field cron expression (minute hour day-of-month month day-of-week, UTC)`,
    );
  const lists = parts.map((part, index) => parseField(part, FIELDS[index]!));
  const any = parts.map((part) => part === "*") as unknown as Cron["any"];
  if (!any[2] && !any[4])
    throw new TypeError(
      `"${expression}" restricts both the day of month and the day of week; restrict one`,
    );
  // Sunday is 0 and 7: one of them.
  const weekdays = lists[4]!.includes(7)
    ? sorted(new Set(lists[4]!.map((day) => day % 7)))
    : lists[4]!;
  const [minutes, hours, days, months] = lists as [number[], number[], number[], number[]];
  // Lists of 60 values at most, read once a minute: a bot checks its schedules at every cold
  // start, where a set per field cost more than every lookup it would save.
  const minuteIn = (minute: number) => minutes.includes(minute);
  const hourIn = (hour: number) => hours.includes(hour);
  const dayMatches = (date: Date) =>
    days.includes(date.getUTCDate()) &&
    months.includes(date.getUTCMonth() + 1) &&
    weekdays.includes(date.getUTCDay());

  return {
    expression: parts.join(" "),
    minutes,
    hours,
    days,
    months,
    weekdays,
    any,
    matches(time) {
      const date = new Date(time);
      return minuteIn(date.getUTCMinutes()) && hourIn(date.getUTCHours()) && dayMatches(date);
    },
    previous(time) {
      const start = Math.floor(time / MINUTE) * MINUTE;
      const today = Math.floor(start / DAY) * DAY;
      for (let day = today; day > today - 400 * DAY; day -= DAY) {
        if (!dayMatches(new Date(day))) continue;
        const latest = day === today ? start : day + DAY - MINUTE;
        for (let hour = new Date(latest).getUTCHours(); hour >= 0; hour--) {
          if (!hourIn(hour)) continue;
          const lastMinute =
            day === today && hour === new Date(start).getUTCHours()
              ? new Date(start).getUTCMinutes()
              : 59;
          for (let minute = lastMinute; minute >= 0; minute--)
            if (minuteIn(minute)) return day + hour * 60 * MINUTE + minute * MINUTE;
        }
      }
      return undefined;
    },
  };
}

function parseField(text: string, field: (typeof FIELDS)[number]): number[] {
  const items = text.split(",");
  // One range (most fields) lists its values in order; several are merged.
  const values: number[] = [];
  for (const item of items) {
    const match = /^(\*|[A-Za-z0-9]+(?:-[A-Za-z0-9]+)?)(?:\/(\d+))?$/.exec(item);
    if (!match) throw new TypeError(`the ${field.name} field "${text}" is not valid cron`);
    const [, range, stepText] = match;
    const step = stepText === undefined ? 1 : Number(stepText);
    if (step < 1) throw new TypeError(`the ${field.name} field "${text}" has a step of 0`);
    let low: number = field.min;
    let high: number = field.name === "day of week" ? 6 : field.max;
    if (range !== "*") {
      const [from, to] = range!.split("-");
      low = fieldValue(from!, field, text);
      high = to === undefined ? (stepText === undefined ? low : high) : fieldValue(to, field, text);
      if (high < low)
        throw new TypeError(`the ${field.name} field "${text}" has a range that runs backwards`);
    }
    for (let value = low; value <= high; value += step) values.push(value);
  }
  return items.length === 1 ? values : sorted(new Set(values));
}

const sorted = (values: Set<number>) => [...values].sort((a, b) => a - b);

function fieldValue(text: string, field: (typeof FIELDS)[number], whole: string): number {
  const named = "names" in field ? field.names.indexOf(text.toUpperCase()) : -1;
  const value = named >= 0 ? named + (field as { offset: number }).offset : Number(text);
  if (!/^\d+$/.test(text) && named < 0)
    throw new TypeError(`the ${field.name} field "${whole}" has an unknown name "${text}"`);
  if (!Number.isInteger(value) || value < field.min || value > field.max)
    throw new TypeError(
      `the ${field.name} field "${whole}" is out of range (${field.min}-${field.max})`,
    );
  return value;
}

/** The same firings as EventBridge writes them: `cron(0 9 ? * MON,TUE,WED,THU,FRI *)`. */
export function cronForAws(cron: Cron): string {
  const [minute, hour, day, month, weekday] = cron.any;
  const days = day ? (weekday ? "*" : "?") : cron.days.join(",");
  const weekdays = weekday ? "?" : cron.weekdays.map((d) => WEEKDAYS[d]).join(",");
  return `cron(${minute ? "*" : cron.minutes.join(",")} ${hour ? "*" : cron.hours.join(",")} ${days} ${month ? "*" : cron.months.join(",")} ${weekdays} *)`;
}

/** The same firings as Azure's timer trigger writes them (NCRONTAB, seconds first). */
export function cronForAzure(cron: Cron): string {
  const [minute, hour, day, month, weekday] = cron.any;
  const list = (all: boolean, values: readonly number[]) => (all ? "*" : values.join(","));
  return `0 ${list(minute, cron.minutes)} ${list(hour, cron.hours)} ${list(day, cron.days)} ${list(month, cron.months)} ${list(weekday, cron.weekdays)}`;
}
