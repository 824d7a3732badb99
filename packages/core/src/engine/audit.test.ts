import { afterEach, describe, expect, it, vi } from "vitest";
import type { AuditRecord } from "./audit.js";
import { createCatOps } from "../bot.js";

const plugins = [
  {
    file: "ops.ts",
    exports: {
      hi: () => "Meow!",
      boom: () => {
        throw new Error("broken");
      },
    },
  },
];
const hi = { command: ["hi"], user: { id: "U1" } };
const boom = { command: ["boom"], user: { id: "U1" } };

/** The audit lines the bot's own logger writes (JSON on stdout or stderr). */
function auditLines(): () => { level: string; audit: AuditRecord }[] {
  const lines: string[] = [];
  const keep = (line: unknown) => void lines.push(String(line));
  vi.spyOn(console, "log").mockImplementation(keep);
  vi.spyOn(console, "error").mockImplementation(keep);
  return () =>
    lines
      .map((line) => JSON.parse(line) as { msg: string; level: string; audit: AuditRecord })
      .filter((entry) => entry.msg === "audit");
}

afterEach(() => vi.restoreAllMocks());

describe("routine successes and the audit sinks", () => {
  it("logs a routine success at debug, when the log level takes it", async () => {
    const lines = auditLines();
    const bot = createCatOps({ plugins, env: { CATOPS_LOG_LEVEL: "debug" } });
    expect((await bot.dispatch(hi))?.text).toBe("Meow!");
    expect(lines()).toMatchObject([{ level: "debug", audit: { outcome: "succeeded" } }]);
  });

  it("at info, with no sink that takes it, logs only what is not routine", async () => {
    const lines = auditLines();
    const bot = createCatOps({ plugins, env: {} });
    expect((await bot.dispatch(hi))?.text).toBe("Meow!");
    expect((await bot.dispatch(boom))?.error).toBe(true);
    expect(lines()).toMatchObject([
      { level: "info", audit: { outcome: "failed", command: "boom" } },
    ]);
  });

  it("gives onAudit every record, routine successes included, whatever the log level", async () => {
    auditLines();
    const records: AuditRecord[] = [];
    const bot = createCatOps({ plugins, env: {}, onAudit: (record) => void records.push(record) });
    await bot.dispatch(hi);
    await bot.dispatch(boom);
    expect(records.map((record) => `${record.outcome}:${record.command}`)).toEqual([
      "succeeded:hi",
      "failed:boom",
    ]);
  });
});
