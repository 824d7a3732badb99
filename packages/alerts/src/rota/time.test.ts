import { describe, expect, it } from "vitest";
import { localParts, offsetAt, parseIsoDate, zonedInstant } from "./time.js";
import { parseDuration, parseEvery, parseFrom, parseUntil } from "./when.js";

const iso = (ms: number) => new Date(ms).toISOString();
const day = (text: string) => parseIsoDate(text)!;

describe("zonedInstant", () => {
  it("puts the same wall-clock time at different UTC instants across a DST change", () => {
    expect(iso(zonedInstant(day("2026-03-23"), 9, 0, "Europe/Berlin"))).toBe(
      "2026-03-23T08:00:00.000Z",
    );
    expect(iso(zonedInstant(day("2026-03-30"), 9, 0, "Europe/Berlin"))).toBe(
      "2026-03-30T07:00:00.000Z",
    );
    expect(iso(zonedInstant(day("2026-10-26"), 9, 0, "America/New_York"))).toBe(
      "2026-10-26T13:00:00.000Z",
    );
    expect(iso(zonedInstant(day("2026-11-02"), 9, 0, "America/New_York"))).toBe(
      "2026-11-02T14:00:00.000Z",
    );
  });

  it("moves a time the clocks skip past the gap, and takes the first of a repeated time", () => {
    // 02:30 does not exist in Berlin on 29 March 2026: it becomes 03:30 CEST.
    expect(iso(zonedInstant(day("2026-03-29"), 2, 30, "Europe/Berlin"))).toBe(
      "2026-03-29T01:30:00.000Z",
    );
    // 02:30 happens twice on 25 October 2026: the first is still CEST.
    expect(iso(zonedInstant(day("2026-10-25"), 2, 30, "Europe/Berlin"))).toBe(
      "2026-10-25T00:30:00.000Z",
    );
  });

  it("reads offsets and wall clocks from Intl", () => {
    expect(offsetAt(Date.parse("2026-01-15T12:00:00Z"), "Europe/Berlin")).toBe(3_600_000);
    expect(offsetAt(Date.parse("2026-07-15T12:00:00Z"), "Europe/Berlin")).toBe(7_200_000);
    expect(offsetAt(Date.parse("2026-07-15T12:00:00Z"), "Asia/Kolkata")).toBe(19_800_000);
    expect(localParts(Date.parse("2026-03-29T23:30:00Z"), "Europe/Berlin")).toMatchObject({
      year: 2026,
      month: 3,
      day: 30,
      hour: 1,
      minute: 30,
      weekday: 1,
    });
  });

  it("refuses impossible dates", () => {
    expect(parseIsoDate("2026-02-30")).toBeUndefined();
    expect(parseIsoDate("2026-2-3")).toBeUndefined();
    expect(parseIsoDate("2028-02-29")).toEqual({ year: 2028, month: 2, day: 29 });
  });
});

describe("when", () => {
  // Wednesday 25 March 2026, 13:00 in Berlin.
  const now = Date.parse("2026-03-25T12:00:00Z");

  it("reads periods and durations", () => {
    expect(parseEvery("week")).toBe(7);
    expect(parseEvery("day")).toBe(1);
    expect(parseEvery("fortnight")).toBe(14);
    expect(parseEvery("3d")).toBe(3);
    expect(parseEvery("2weeks")).toBe(14);
    expect(parseEvery("0d")).toBeUndefined();
    expect(parseEvery("monthly")).toBeUndefined();
    expect(parseDuration("4h")).toBe(4 * 3_600_000);
    expect(parseDuration("90min")).toBe(90 * 60_000);
    expect(parseDuration("1h30m")).toBe(90 * 60_000);
    expect(parseDuration("2d")).toBe(2 * 86_400_000);
    expect(parseDuration("soon")).toBeUndefined();
    expect(parseDuration("4")).toBeUndefined();
  });

  it("reads a start weekday as the latest one up to today", () => {
    expect(parseFrom("monday", now, "Europe/Berlin")).toEqual(day("2026-03-23"));
    expect(parseFrom("wed", now, "Europe/Berlin")).toEqual(day("2026-03-25"));
    expect(parseFrom("thursday", now, "Europe/Berlin")).toEqual(day("2026-03-19"));
    expect(parseFrom("2026-04-06", now, "Europe/Berlin")).toEqual(day("2026-04-06"));
    expect(parseFrom("someday", now, "Europe/Berlin")).toBeUndefined();
  });

  it("reads an end as the next such day at the handover time, in the zone", () => {
    const nine = { hour: 9, minute: 0 };
    expect(iso(parseUntil(["friday"], now, "Europe/Berlin", nine)!)).toBe(
      "2026-03-27T08:00:00.000Z",
    );
    // Next Wednesday: today's 09:00 has passed.
    expect(iso(parseUntil(["wed"], now, "Europe/Berlin", nine)!)).toBe("2026-04-01T07:00:00.000Z");
    expect(iso(parseUntil(["friday", "17:30"], now, "Europe/Berlin", nine)!)).toBe(
      "2026-03-27T16:30:00.000Z",
    );
    expect(iso(parseUntil(["2026-12-01"], now, "Europe/Berlin", nine)!)).toBe(
      "2026-12-01T08:00:00.000Z",
    );
    expect(parseUntil(["friday", "25:00"], now, "Europe/Berlin", nine)).toBeUndefined();
    expect(parseUntil([], now, "Europe/Berlin", nine)).toBeUndefined();
  });
});
