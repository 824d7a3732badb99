import { describe, expect, it } from "vitest";
import { alertMessage, formatDuration, formatTime } from "./message.js";
import type { Alert } from "./types.js";

const base: Alert = {
  source: "uptimerobot",
  name: "Shop",
  state: "firing",
  severity: "critical",
  summary: "HTTP 502",
  details: { "Monitor ID": "42" },
  resource: "https://shop.example.com",
  link: "https://shop.example.com",
  time: "2026-03-25T11:59:30.000Z",
  key: "uptimerobot:42",
  raw: {},
};
const now = Date.parse("2026-03-25T12:00:00Z");

describe("alert messages", () => {
  it("colour by severity while firing and green once resolved", () => {
    for (const severity of ["critical", "error", "warning", "info"] as const)
      expect(
        alertMessage({ ...base, severity }, { suggestions: [], now }).attachments?.[0]?.level,
      ).toBe(severity);
    expect(
      alertMessage({ ...base, state: "resolved" }, { suggestions: ["x"], now }).attachments?.[0]
        ?.level,
    ).toBe("success");
  });

  it("say what, where, since when, with details, on-call mentions and buttons", () => {
    const reply = alertMessage(base, { suggestions: ["restart shop"], oncall: ["<@U1>"], now });
    expect(reply.text).toBe("<@U1> 🔴 *Shop* is firing on https://shop.example.com");
    expect(reply.attachments?.[0]?.fields).toEqual([
      { title: "Severity", value: "critical", short: true },
      { title: "Where", value: "https://shop.example.com", short: true },
      { title: "Since", value: "2026-03-25 11:59 UTC", short: true },
      { title: "Source", value: "uptimerobot", short: true },
      { title: "Monitor ID", value: "42", short: true },
    ]);
    expect(reply.buttons).toEqual([{ text: "restart shop", command: "restart shop" }]);
  });

  it("show one duration for a resolved alert: the source's own when it gives one", () => {
    const resolved: Alert = { ...base, state: "resolved", lastedMs: 60_000 };
    // CatOps saw the firing only 20 s before the recovery; the monitor says it was down 1 min.
    const reply = alertMessage(resolved, { suggestions: [], now, firedAt: now - 20_000 });
    expect(reply.text).toContain("resolved after 1 min");
    const fields = reply.attachments?.[0]?.fields ?? [];
    expect(fields.filter((f) => /min/.test(f.value)).map((f) => f.title)).toEqual(["Lasted"]);
    expect(fields.find((f) => f.title === "Lasted")?.value).toBe("1 min");
    // Without a duration from the source, the time CatOps saw.
    const seen = alertMessage(
      { ...base, state: "resolved" },
      { suggestions: [], now, firedAt: now - 25 * 60_000 },
    );
    expect(seen.text).toContain("resolved after 25 min");
  });

  it("clip long outside text", () => {
    const reply = alertMessage(
      { ...base, summary: "x".repeat(5000), details: { Long: "y".repeat(500) } },
      { suggestions: [], now },
    );
    expect(reply.attachments?.[0]?.text).toHaveLength(1501);
    const long = reply.attachments?.[0]?.fields?.find((f) => f.title === "Long");
    expect(long).toMatchObject({ value: `${"y".repeat(300)}…`, short: false });
  });

  it("format times and durations", () => {
    expect(formatTime("2019-10-02T17:04:40.989Z")).toBe("2019-10-02 17:04 UTC");
    expect(formatTime("not a time")).toBeUndefined();
    expect(formatDuration(20_000)).toBe("less than a minute");
    expect(formatDuration(25 * 60_000)).toBe("25 min");
    expect(formatDuration(125 * 60_000)).toBe("2 h 5 min");
    expect(formatDuration(26 * 3_600_000)).toBe("1 d 2 h");
  });
});
