// The chat table's in-process row: the conformance bot's own fetch handler, with waitUntil
// collected so `drain` can wait for late replies, and every log line kept to check what the
// connectors say about refusals (and that they never say a secret).
import { createLogger } from "@catops/core";
import { afterAll, describe, expect, it } from "vitest";
import { createConformanceBot } from "@catops/conformance/bot";
import { CHAT_CONFORMANCE_SCENARIOS, runChatConformance } from "@catops/conformance";
import { inProcessDriver } from "./drivers/in-process.ts";

const logLines: string[] = [];
const secrets: string[] = [];

runChatConformance(
  inProcessDriver({
    bot(setup) {
      secrets.push(
        setup.env.CATOPS_MATTERMOST_TOKEN!,
        setup.env.CATOPS_TEAMS_PASSWORD!,
        setup.env.CATOPS_GOOGLE_CHAT_SERVICE_ACCOUNT_KEY!,
      );
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

  it("recorded why each refusal was made, and never the Mattermost token or the Teams password", () => {
    const text = logLines.join("\n");
    for (const reason of [
      "token mismatch",
      "missing token",
      "signature mismatch",
      "stale timestamp",
      "expired token",
      "wrong audience",
      "wrong issuer",
      "unknown key",
      "serviceUrl mismatch",
    ])
      expect(text).toContain(`"reason":"${reason}"`);
    expect(text).toContain("Mattermost button press refused");
    expect(text).toContain("Teams request refused");
    expect(text).toContain("Google Chat request refused");
    for (const secret of secrets) expect(text).not.toContain(secret);
  });
});

describe("the chat scenario table", () => {
  it("covers what each connector must prove", () => {
    for (const topic of [
      "mattermost: slash command verified by its token",
      "mattermost: wrong or missing token",
      "mattermost: a channel named like the allowed one is refused",
      "mattermost: a job whose late reply cannot be delivered",
      "mattermost: deferred command",
      "mattermost: confirmation buttons",
      "mattermost: a button press whose context was not signed",
      "discord: PING gets PONG",
      "discord: bad signature",
      "discord: application command",
      "discord: a thread named like the allowed channel is refused",
      "discord: a job whose late reply cannot be delivered",
      "discord: deferred command",
      "discord: a confirm button press",
      "teams: help",
      "teams: an unknown command",
      "teams: a typed argument",
      "teams: a run button",
      "teams: a confirmation card",
      "teams: a command the user may not run",
      "teams: a deferred command",
      "teams: a deferred job can be cancelled",
      "teams: a job whose late reply cannot be delivered",
      "teams: a missing, expired, wrong-audience, wrong-issuer or unknown-key token",
      "teams: a malformed activity",
      "teams: an alert is posted",
      "google-chat: a slash command",
      "google-chat: help",
      "google-chat: an unknown command",
      "google-chat: a typed argument",
      "google-chat: a run button",
      "google-chat: a confirmation card",
      "google-chat: a command the user may not run",
      "google-chat: a deferred command",
      "google-chat: a deferred job can be cancelled",
      "google-chat: a job whose late reply cannot be delivered",
      "google-chat: a missing, expired, wrong-audience, wrong-issuer or unknown-key token",
      "google-chat: a malformed event",
      "google-chat: an alert is posted",
    ])
      expect(
        CHAT_CONFORMANCE_SCENARIOS.some((name) => name.startsWith(topic)),
        topic,
      ).toBe(true);
  });
});
