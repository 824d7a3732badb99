// The Slack route end to end, as a property: any signed body of any of Slack's shapes, with
// any values in its fields, is answered 2xx or 4xx, never 500, and leaves Object.prototype alone.
// Every URL a reply could go to is a local port nothing listens on (response_url is not varied).
import { silentLogger } from "@catops/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createReliabilityBot } from "../support/bot.ts";
import { prototypePollution } from "../support/pollution.ts";
import { holds, nastyString } from "../support/property.ts";
import {
  fixtureJson,
  NOWHERE,
  SIGNING_SECRET,
  signedRequest,
  slashBody,
} from "../support/slack.ts";

const anyValue = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  nastyString(30),
  fc.constantFrom(
    "<@U0LAN0Z89> hi",
    "catops.run",
    "catops.confirm",
    "block_actions",
    "app_mention",
    "hi",
  ),
);
const fields = (names: string[]) =>
  fc.dictionary(fc.constantFrom(...names, "__proto__", "constructor"), anyValue, { maxKeys: 5 });

const mention = fixtureJson("events-app-mention-usage-info.json");
// The fixture's response_url is Slack's host: point it at a local port nothing listens on.
const press = {
  ...fixtureJson("interactivity-block-actions-message.payload.json"),
  response_url: `${NOWHERE}/actions`,
};

const slackBody = fc.oneof(
  fields(["text", "user_id", "channel_id", "command", "team_id", "ssl_check"]).map((extra) => ({
    type: "application/x-www-form-urlencoded",
    body: slashBody(
      Object.fromEntries(
        Object.entries(extra).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]),
      ),
    ),
  })),
  fc
    .tuple(
      fields(["type", "event_id", "team_id", "challenge"]),
      fields([
        "type",
        "user",
        "text",
        "channel",
        "ts",
        "thread_ts",
        "bot_id",
        "subtype",
        "channel_type",
        "hidden",
        "team",
      ]),
    )
    .map(([envelope, event]) => ({
      type: "application/json",
      body: JSON.stringify({ ...mention, ...envelope, event: { ...mention.event, ...event } }),
    })),
  fc
    .tuple(
      fields(["type", "user", "channel", "team", "container", "message"]),
      fc.oneof(anyValue, fc.array(fields(["action_id", "value", "type"]), { maxLength: 2 })),
    )
    .map(([payload, actions]) => ({
      type: "application/x-www-form-urlencoded",
      body: `payload=${encodeURIComponent(JSON.stringify({ ...press, ...payload, actions }))}`,
    })),
);

describe("the Slack route (property)", () => {
  it("answers any signed Slack-shaped body with 2xx or 4xx, never 500 (1,500 cases)", async () => {
    const bot = createReliabilityBot(
      {
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_BOT_TOKEN: "xoxb-property",
        CATOPS_SLACK_API_URL: `${NOWHERE}/api`,
      },
      { logger: silentLogger },
    );
    const background: Promise<unknown>[] = [];
    // Late replies go nowhere (a closed port), quickly: they are not what is under test.
    const runtime = { waitUntil: (promise: Promise<unknown>) => void background.push(promise) };
    const statuses = new Map<number, number>();
    await holds(
      fc.asyncProperty(slackBody, async ({ type, body }) => {
        const response = await bot.fetch(signedRequest(body, { contentType: type }), runtime);
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        expect(response.status < 500, `${response.status} for ${body.slice(0, 300)}`).toBe(true);
        if (response.status >= 400)
          expect((await response.json()).error).toEqual(expect.any(String));
      }),
      1500,
    );
    // The property reached the commands and the refusals alike.
    expect(statuses.get(200)).toBeGreaterThan(100);
    expect(statuses.get(400)).toBeGreaterThan(10);
    await Promise.allSettled(background);
    expect(prototypePollution()).toEqual([]);
  }, 60_000);
});
