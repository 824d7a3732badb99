// The in-process row: the conformance bot's own fetch handler, with waitUntil collected so
// `drain` can wait for everything that runs after an answer.
import { createLogger } from "@catops/core";
import { afterAll, describe, expect, it } from "vitest";
import { createConformanceBot } from "@catops/conformance/bot";
import { inProcessDriver } from "./drivers/in-process.ts";
import { CONFORMANCE_SCENARIOS, runConformance } from "@catops/conformance";

const logLines: string[] = [];
const secrets: string[] = [];

runConformance(
  inProcessDriver({
    bot(setup) {
      secrets.push(setup.env.SLACK_SIGNING_SECRET, setup.env.SLACK_BOT_TOKEN);
      return createConformanceBot(setup.env, {
        logger: createLogger({ level: "debug", secrets, write: (line) => logLines.push(line) }),
      });
    },
  }),
);

describe("the in-process row's logs", () => {
  afterAll(() => {
    logLines.length = 0;
  });

  it("recorded the refusals and never a secret", () => {
    const text = logLines.join("\n");
    expect(text).toContain('"reason":"stale timestamp"');
    expect(text).toContain('"reason":"signature mismatch"');
    for (const secret of secrets) expect(text).not.toContain(secret);
  });

  it("kept the failing plugin's stack for the operator", () => {
    const failure = logLines
      .map((line) => JSON.parse(line))
      .find((l) => l.msg === "command failed" && l.command === "boom");
    expect(failure?.command).toBe("boom");
    expect(failure?.error.message).toContain("see the stack for details");
  });
});

describe("the scenario table", () => {
  it("covers every scenario the design names", () => {
    expect(CONFORMANCE_SCENARIOS.length).toBeGreaterThanOrEqual(16);
    for (const topic of [
      "signed slash command",
      "bad signature",
      "stale timestamp",
      "url_verification",
      "app_mention",
      "retried event",
      "button click",
      "deferred command",
      "past the deadline",
      "confirm",
      "help",
      "unknown command",
      "plugin that throws",
      "oversized body",
      "malformed body",
      "health check",
      "may not run",
      "cannot skip the permission check",
      "cancelled by its owner",
      "matched by the name Slack signs",
      "late reply cannot be delivered",
      "forged job envelope",
      "run was killed",
    ]) {
      expect(
        CONFORMANCE_SCENARIOS.some((name) => name.includes(topic)),
        topic,
      ).toBe(true);
    }
  });
});
