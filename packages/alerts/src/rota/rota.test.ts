import { describe, expect, it } from "vitest";
import {
  nowAndNext,
  onCallAt,
  prune,
  type Rota,
  shiftAt,
  shiftStart,
  swapCurrent,
} from "./rota.js";

const at = (text: string) => Date.parse(text);
const iso = (ms: number) => new Date(ms).toISOString();

function rota(overrides: Partial<Rota> = {}): Rota {
  return {
    people: ["<@UA>", "<@UB>", "<@UC>"],
    periodDays: 7,
    start: "2026-03-16",
    at: "09:00",
    tz: "Europe/Berlin",
    swaps: {},
    overrides: [],
    ...overrides,
  };
}

describe("weekly rota in Europe/Berlin", () => {
  const r = rota();

  it("hands over on Monday at 09:00 local, each week", () => {
    expect(onCallAt(r, at("2026-03-16T07:59:00Z")).person).toBeUndefined();
    expect(onCallAt(r, at("2026-03-16T08:00:00Z")).person).toBe("<@UA>");
    expect(onCallAt(r, at("2026-03-22T22:59:00Z")).person).toBe("<@UA>"); // Sunday 23:59
    expect(onCallAt(r, at("2026-03-23T07:59:59Z")).person).toBe("<@UA>"); // Monday 08:59:59
    expect(onCallAt(r, at("2026-03-23T08:00:00Z")).person).toBe("<@UB>"); // Monday 09:00 CET
  });

  it("keeps 09:00 local through the DST change: that week is 167 hours", () => {
    // Clocks go forward on Sunday 29 March 2026; Monday 30 March 09:00 CEST is 07:00 UTC.
    expect(iso(shiftStart(r, 2))).toBe("2026-03-30T07:00:00.000Z");
    expect(shiftStart(r, 2) - shiftStart(r, 1)).toBe(167 * 3_600_000);
    expect(onCallAt(r, at("2026-03-30T06:59:00Z")).person).toBe("<@UB>");
    expect(onCallAt(r, at("2026-03-30T07:00:00Z")).person).toBe("<@UC>");
    // A naive 168-hour week would still say UB here (09:30 CEST).
    expect(onCallAt(r, at("2026-03-30T07:30:00Z")).person).toBe("<@UC>");
  });

  it("wraps around after the last person", () => {
    expect(onCallAt(r, at("2026-04-06T07:00:00Z")).person).toBe("<@UA>");
    expect(shiftAt(r, at("2026-04-06T07:00:00Z"))).toBe(3);
    expect(onCallAt(r, at("2027-01-04T08:00:00Z")).person).toBe(r.people[42 % 3]);
  });

  it("says who is next and when", () => {
    const { now, next } = nowAndNext(r, at("2026-03-25T12:00:00Z"));
    expect(now).toMatchObject({ person: "<@UB>", why: "rota" });
    expect(iso(now.until)).toBe("2026-03-30T07:00:00.000Z");
    expect(next).toEqual({ person: "<@UC>", from: at("2026-03-30T07:00:00Z") });
  });

  it("answers before the start: nobody yet, the first person at the start", () => {
    const later = rota({ start: "2026-04-06" });
    const { now, next } = nowAndNext(later, at("2026-03-25T12:00:00Z"));
    expect(now.why).toBe("not started");
    expect(now.person).toBeUndefined();
    expect(next).toEqual({ person: "<@UA>", from: at("2026-04-06T07:00:00Z") });
  });
});

describe("daily rota in America/New_York", () => {
  const r = rota({
    tz: "America/New_York",
    periodDays: 1,
    start: "2026-10-30",
    people: ["<@UA>", "<@UB>"],
  });

  it("keeps 09:00 local when DST ends: that shift is 25 hours", () => {
    expect(iso(shiftStart(r, 2))).toBe("2026-11-01T14:00:00.000Z");
    expect(shiftStart(r, 2) - shiftStart(r, 1)).toBe(25 * 3_600_000);
    expect(onCallAt(r, at("2026-11-01T13:30:00Z")).person).toBe("<@UB>"); // 08:30 EST
    expect(onCallAt(r, at("2026-11-01T14:00:00Z")).person).toBe("<@UA>");
  });
});

describe("swaps and overrides", () => {
  const wednesday = at("2026-03-25T12:00:00Z"); // UB's week

  it("swaps the current shift with the other person's next one", () => {
    const swapped = swapCurrent(rota(), "<@UC>", wednesday);
    expect(onCallAt(swapped, wednesday)).toMatchObject({ person: "<@UC>", why: "swap" });
    // UC's own week (from 30 March) goes to UB in return; the week after is UA's as before.
    expect(onCallAt(swapped, at("2026-03-31T12:00:00Z")).person).toBe("<@UB>");
    expect(onCallAt(swapped, at("2026-04-07T12:00:00Z")).person).toBe("<@UA>");
  });

  it("lets someone outside the rota cover the current shift", () => {
    const swapped = swapCurrent(rota(), "<@UZ>", wednesday);
    expect(onCallAt(swapped, wednesday).person).toBe("<@UZ>");
    expect(onCallAt(swapped, at("2026-03-31T12:00:00Z")).person).toBe("<@UC>");
  });

  it("refuses a swap with the person already on call", () => {
    expect(() => swapCurrent(rota(), "<@UB>", wednesday)).toThrow(/already on this shift/);
  });

  it("puts an override above the rota until it ends", () => {
    const until = at("2026-03-27T08:00:00Z");
    const r = rota({ overrides: [{ person: "<@UZ>", from: wednesday, until }] });
    expect(onCallAt(r, wednesday)).toMatchObject({ person: "<@UZ>", why: "override", until });
    expect(onCallAt(r, until - 1).person).toBe("<@UZ>");
    expect(onCallAt(r, until).person).toBe("<@UB>");
    expect(nowAndNext(r, wednesday).next).toEqual({ person: "<@UB>", from: until });
  });

  it("ends a shift early when an override starts", () => {
    const from = at("2026-03-26T12:00:00Z");
    const r = rota({ overrides: [{ person: "<@UZ>", from, until: from + 3_600_000 }] });
    expect(onCallAt(r, wednesday).until).toBe(from);
  });

  it("prunes swaps and overrides that are over", () => {
    const old = swapCurrent(rota(), "<@UC>", at("2026-03-17T12:00:00Z"));
    const r = { ...old, overrides: [{ person: "<@UZ>", from: 0, until: wednesday - 1 }] };
    const pruned = prune(r, wednesday);
    expect(pruned.overrides).toEqual([]);
    expect(
      Object.keys(pruned.swaps)
        .map(Number)
        .every((n) => n >= 1),
    ).toBe(true);
  });
});
