// What the logger prints of an error: every string in it masked, its causes included.
import { describe, expect, it } from "vitest";
import { childLogger, createLogger, createRedactor, redactingLogger } from "./logger.js";
import type { Logger } from "./types.js";

const SECRET = "8f2b1c9d0e7a6b5c4d3e2f1a";

function logged(error: unknown): { line: string; fields: Record<string, unknown> } {
  const lines: string[] = [];
  createLogger({ secrets: [SECRET], write: (line) => lines.push(line) }).error("failed", { error });
  const line = lines[0]!;
  return { line, fields: JSON.parse(line).error };
}

describe("the logger, given an error", () => {
  it("masks a secret in the error's name", () => {
    const error = new Error("signature check failed");
    error.name = `SigningError(${SECRET})`;
    const { line, fields } = logged(error);
    expect(line).not.toContain(SECRET);
    expect(fields.name).toBe("SigningError([redacted])");
  });

  it("masks the error's own string fields, and those named like secrets whatever they hold", () => {
    const error = Object.assign(new Error("boom"), {
      code: `E_${SECRET}`,
      token: "short",
      details: { url: `https://x.example/${SECRET}` },
    });
    const { line, fields } = logged(error);
    expect(line).not.toContain(SECRET);
    expect(fields).toMatchObject({
      code: "E_[redacted]",
      token: "[redacted]",
      details: { url: "https://x.example/[redacted]" },
    });
  });

  it("logs the cause chain, masked", () => {
    const root = new TypeError(`connect failed with ${SECRET}`);
    const middle = new Error("query failed", { cause: root });
    const top = new Error("plugin failed", { cause: middle });
    const { line, fields } = logged(top);
    expect(line).not.toContain(SECRET);
    expect(fields).toMatchObject({
      message: "plugin failed",
      cause: {
        message: "query failed",
        cause: { name: "TypeError", message: "connect failed with [redacted]" },
      },
    });
  });

  it("logs an AggregateError's inner errors, masked, at most ten with the count", () => {
    const inner = Array.from({ length: 12 }, (_, i) => new Error(`attempt ${i}: ${SECRET}`));
    const { line, fields } = logged(new AggregateError(inner, "all attempts failed"));
    expect(line).not.toContain(SECRET);
    const errors = fields.errors as { message: string }[];
    expect(errors).toHaveLength(10);
    expect(errors[3]!.message).toBe("attempt 3: [redacted]");
    expect(fields.errorCount).toBe(12);
  });

  it("survives a cause chain that loops back", () => {
    const a = new Error("a");
    const b = new Error("b", { cause: a });
    (a as { cause?: unknown }).cause = b;
    const { fields } = logged(a);
    expect(fields).toMatchObject({
      message: "a",
      cause: { message: "b", cause: { circular: true } },
    });
  });

  it("stops a very long cause chain at a bounded depth", () => {
    let error = new Error(`deepest ${SECRET}`);
    for (let i = 0; i < 100; i++) error = new Error(`level ${i}`, { cause: error });
    const { line } = logged(error);
    expect(line).toContain("[nested too deep]");
    expect(line).not.toContain("deepest");
    expect(line.length).toBeLessThan(20_000);
  });

  it("leaves secret values shorter than six characters alone: they would mask ordinary words", () => {
    const lines: string[] = [];
    const logger = createLogger({ secrets: ["cat", "kitten"], write: (line) => lines.push(line) });
    logger.info("the cat saw the kitten");
    expect(lines[0]).toContain("the cat saw the [redacted]");
  });

  it("masks the same way when wrapping a logger the bot was given", () => {
    const seen: unknown[] = [];
    const inner: Logger = {
      debug() {},
      info() {},
      warn() {},
      error: (_message, fields) => void seen.push(fields),
    };
    const error = new Error("outer", {
      cause: Object.assign(new Error("inner"), { name: SECRET }),
    });
    redactingLogger(inner, [SECRET]).error("failed", { error });
    expect(JSON.stringify(seen)).not.toContain(SECRET);
    expect(seen[0]).toMatchObject({ error: { cause: { name: "[redacted]", message: "inner" } } });
  });
});

describe("the logger's children", () => {
  function lines(level?: "debug" | "info") {
    const written: Record<string, unknown>[] = [];
    const root = createLogger({
      level,
      fields: { service: "catops" },
      write: (line) => written.push(JSON.parse(line)),
    });
    return { root, written };
  }

  it("write their parents' fields and their own, their own winning", () => {
    const { root, written } = lines();
    const request = childLogger(root, { requestId: "r1", connector: "slack" });
    const command = childLogger(request, { command: "deploy", connector: "chat" });
    command.warn("slow", { ms: 900 });
    request.info("answered");
    root.error("down");
    expect(written).toMatchObject([
      { level: "warn", msg: "slow", service: "catops", requestId: "r1", connector: "chat" },
      { level: "info", msg: "answered", service: "catops", requestId: "r1", connector: "slack" },
      { level: "error", msg: "down", service: "catops" },
    ]);
    expect(written[0]).toMatchObject({ command: "deploy", ms: 900 });
    expect(written[1]).not.toHaveProperty("command");
    expect(written[2]).not.toHaveProperty("requestId");
  });

  it("write nothing below the configured level", () => {
    const { root, written } = lines("info");
    const child = childLogger(root, { requestId: "r1" });
    child.debug("routine");
    child.info("kept");
    expect(written.map((line) => line.msg)).toEqual(["kept"]);
    const verbose = lines("debug");
    childLogger(verbose.root, { requestId: "r1" }).debug("routine");
    expect(verbose.written.map((line) => line.msg)).toEqual(["routine"]);
  });

  it("share their methods, so a child a request makes is one object", () => {
    const { root } = lines();
    const a = childLogger(root, { requestId: "r1" });
    const b = childLogger(a, { command: "hi" });
    for (const level of ["debug", "info", "warn", "error", "child"] as const) {
      expect(a[level]).toBe(root[level]);
      expect(b[level]).toBe(root[level]);
    }
  });

  it("mask secrets in their fields", () => {
    const written: string[] = [];
    const root = createLogger({ secrets: [SECRET], write: (line) => written.push(line) });
    childLogger(root, { url: `https://x.example/${SECRET}` }).info("called");
    expect(written[0]).not.toContain(SECRET);
    expect(JSON.parse(written[0]!).url).toBe("https://x.example/[redacted]");
  });
});

describe("the redactor", () => {
  it("masks a text that is exactly a secret, and one learned later, even a shorter one", () => {
    const secrets = ["0123456789abcdef"];
    const redact = createRedactor(secrets);
    expect(redact("0123456789abcde")).toBe("0123456789abcde");
    expect(redact("0123456789abcdef")).toBe("[redacted]");
    secrets.push("xoxb-1");
    expect(redact("xoxb-1")).toBe("[redacted]");
    expect(redact("hi")).toBe("hi");
  });
});
