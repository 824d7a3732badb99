import { describe, expect, it } from "vitest";
import { createCloudLogger } from "./logger.js";

function capture(options: Parameters<typeof createCloudLogger>[0] = {}) {
  const lines: Record<string, unknown>[] = [];
  const logger = createCloudLogger({
    ...options,
    write: (line) => lines.push(JSON.parse(line)),
  });
  return { logger, lines };
}

describe("createCloudLogger", () => {
  it("maps levels to Cloud Logging severities, with the message and fields", () => {
    const { logger, lines } = capture({ level: "debug" });
    logger.debug("d", { a: 1 });
    logger.info("i");
    logger.warn("w");
    logger.error("e");
    expect(lines.map((line) => [line.severity, line.message])).toEqual([
      ["DEBUG", "d"],
      ["INFO", "i"],
      ["WARNING", "w"],
      ["ERROR", "e"],
    ]);
    expect(lines[0]).toMatchObject({ a: 1 });
    expect(typeof lines[0]!.time).toBe("string");
    expect(lines[0]).not.toHaveProperty("level");
    expect(lines[0]).not.toHaveProperty("msg");
  });

  it("keeps child fields, drops lines below the level, and adds stack_trace for errors", () => {
    const { logger, lines } = capture();
    logger.debug("hidden");
    logger.child!({ requestId: "r1" }).error("failed", { error: new Error("boom") });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ severity: "ERROR", requestId: "r1" });
    expect(lines[0]!.stack_trace).toMatch(/^Error: boom\n\s+at /);
  });

  it("never prints a secret value or a secret-named field", () => {
    const { logger, lines } = capture({ secrets: ["s3cr3t-signing-value"] });
    logger.warn("refused s3cr3t-signing-value", { token: "xoxb-1", note: "s3cr3t-signing-value" });
    const text = JSON.stringify(lines);
    expect(text).not.toContain("s3cr3t-signing-value");
    expect(text).not.toContain("xoxb-1");
  });
});
