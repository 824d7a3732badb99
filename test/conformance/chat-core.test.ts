// The chat table's in-process row: the conformance bot's own fetch handler, with waitUntil
// collected so `drain` can wait for late replies, and every log line kept to check what the
// connectors say about refusals (and that they never say a secret).
import { createLogger } from "@catops/core";
import { afterAll, describe, expect, it } from "vitest";
import { createConformanceBot } from "./bot.ts";
import { CHAT_CONFORMANCE_SCENARIOS, runChatConformance } from "./chat-scenarios.ts";
import { inProcessDriver } from "./drivers/in-process.ts";

const logLines: string[] = [];
const secrets: string[] = [];

runChatConformance(
  inProcessDriver({
    bot(setup) {
      secrets.push(setup.env.CATOPS_MATTERMOST_TOKEN!);
      return createConformanceBot(setup.env, {
        logger: createLogger({ level: "debug", write: (line) => logLines.push(line) }),
      });
    },
  }),
);

describe("the chat table's in-process logs", () => {
  afterAll(() => {
    logLines.length = 0;
  });

  it("recorded why each refusal was made, and never the Mattermost token", () => {
    const text = logLines.join("\n");
    for (const reason of [
      "token mismatch",
      "missing token",
      "signature mismatch",
      "stale timestamp",
    ])
      expect(text).toContain(`"reason":"${reason}"`);
    expect(text).toContain("Mattermost button press refused");
    for (const secret of secrets) expect(text).not.toContain(secret);
  });
});

describe("the chat scenario table", () => {
  it("covers what each connector must prove", () => {
    for (const topic of [
      "mattermost: slash command verified by its token",
      "mattermost: wrong or missing token",
      "mattermost: deferred command",
      "mattermost: confirmation buttons",
      "mattermost: a button press whose context was not signed",
      "discord: PING gets PONG",
      "discord: bad signature",
      "discord: application command",
      "discord: deferred command",
      "discord: a confirm button press",
    ])
      expect(
        CHAT_CONFORMANCE_SCENARIOS.some((name) => name.startsWith(topic)),
        topic,
      ).toBe(true);
  });
});
