// The Slack scenarios about answering: signatures and timestamps, Slack's URL check, mentions,
// retried events, buttons, and a command answered in time, late, or not deliverable at all.
import { expect } from "vitest";
import { expectUndelivered } from "./late-replies.ts";
import type { RowContext, Scenario } from "./row.ts";
import {
  ACK_BUDGET_MS,
  QUIET_MS,
  fixture,
  unique,
  slackRequest,
  mention,
  buttonPress,
  timed,
  at,
  isThreadPost,
  slashReply,
  expectPostedInThread,
  answerTo,
} from "./slack-requests.ts";

const UNSIGNED_ON_SOCKET =
  "Socket Mode has no request signature: Slack sends envelopes on the WebSocket the server opened with its app-level token";

/** `/catops hi` from the docs' signing example, signed as `signing` says, is refused. */
async function expectSignatureRefused(
  ctx: RowContext,
  signing: { secret?: string; ageSeconds?: number },
): Promise<void> {
  const params = new URLSearchParams(fixture("signing-docs-example.body.txt"));
  params.set("text", "hi");
  const response = await ctx.adapter.send(slackRequest(params.toString(), signing));
  expect(response.status).toBe(401);
  expect(await response.json()).toEqual({ ok: false, error: "invalid signature" });
}

export const SLACK_ANSWERING: Scenario[] = [
  {
    name: "signed slash command answers in the channel",
    async run(ctx) {
      const { body } = await slashReply(ctx, "hi");
      expect(body).toEqual({ text: "Meow!", response_type: "in_channel" });
    },
  },
  {
    name: "bad signature is refused with 401",
    httpOnly: UNSIGNED_ON_SOCKET,
    run: (ctx) => expectSignatureRefused(ctx, { secret: "not-the-signing-secret" }),
  },
  {
    name: "stale timestamp is refused with 401",
    httpOnly: UNSIGNED_ON_SOCKET,
    run: (ctx) => expectSignatureRefused(ctx, { ageSeconds: 6 * 60 }),
  },
  {
    name: "url_verification answers the challenge",
    httpOnly:
      "Slack verifies a Request URL, which Socket Mode does not have: it never sends url_verification on the socket",
    async run(ctx) {
      const body = fixture("events-url-verification.json");
      const response = await ctx.adapter.send(
        slackRequest(body, { contentType: "application/json" }),
      );
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ challenge: JSON.parse(body).challenge });
    },
  },
  {
    name: "app_mention is acknowledged at once and answered in its thread",
    async run(ctx) {
      const { body, ts, channel } = mention("<@U0LAN0Z89> hi");
      const { response, ms } = await timed(
        ctx.adapter.send(slackRequest(body, { contentType: "application/json" })),
      );
      expect(response.status).toBe(200);
      expect(ms).toBeLessThan(ACK_BUDGET_MS);
      await ctx.adapter.drain?.();
      const post = await ctx.recorder.waitFor(isThreadPost(ts), 10_000);
      expectPostedInThread(post, channel, ts, "Meow!");
    },
  },
  {
    name: "a retried event runs its command once",
    async run(ctx) {
      const { body, ts } = mention("<@U0LAN0Z89> hi");
      const first = await ctx.adapter.send(slackRequest(body, { contentType: "application/json" }));
      expect(first.status).toBe(200);
      await ctx.adapter.drain?.();
      await ctx.recorder.waitFor(isThreadPost(ts), 10_000);
      const retry = await ctx.adapter.send(
        slackRequest(body, {
          contentType: "application/json",
          headers: { "x-slack-retry-num": "1", "x-slack-retry-reason": "http_timeout" },
        }),
      );
      expect(retry.status).toBe(200);
      await ctx.adapter.drain?.();
      await new Promise((resolve) => setTimeout(resolve, QUIET_MS));
      expect(ctx.recorder.requests.filter(isThreadPost(ts))).toHaveLength(1);
    },
  },
  {
    name: "button click runs its command and answers at the response_url",
    async run(ctx) {
      const path = unique("/actions/click");
      const response = await ctx.adapter.send(buttonPress(ctx, "catops.run", "hi", path));
      expect(response.status).toBe(200);
      await ctx.adapter.drain?.();
      const post = await at(ctx, path);
      expect(post.json).toMatchObject({ text: "Meow!", response_type: "in_channel" });
    },
  },
  {
    name: "deferred command is acknowledged, then answers late at the response_url",
    async run(ctx) {
      const { body, path } = await slashReply(ctx, "slow");
      // Not how fast: how soon an answer comes is the machine's load here (bench/ack-latency.ts
      // measures it). The engine answers "Running" only when it hands the command to a job.
      expect(body.text).toMatch(/^Running `slow`…/);
      expect(body.response_type).toBe("in_channel");
      await ctx.adapter.drain?.();
      const late = await at(ctx, path);
      expect(late.json).toMatchObject({ text: "slow done", response_type: "in_channel" });
    },
  },
  {
    name: "command past the deadline is acknowledged, then answers late",
    async run(ctx) {
      const { body, path } = await slashReply(ctx, "sleepy");
      // "Still working" is the answer given at the deadline, before the command ends.
      expect(body.text).toContain("Still working on `sleepy`");
      await ctx.adapter.drain?.();
      const late = await at(ctx, path);
      expect(late.json).toMatchObject({ text: "sleepy done" });
    },
  },
  {
    // Longer than Slack's 3 s by a margin: held until the command ends, the answer would be late.
    name: "a command slower than Slack's 3 s, not deferred, is answered in time and delivered once",
    async run(ctx) {
      const { body, path } = await slashReply(ctx, "sleepy --ms 4000");
      // "Still working" is the answer given at the deadline, not after the 4 s the command takes.
      expect(body.text).toContain("Still working on `sleepy --ms 4000`");
      await ctx.adapter.drain?.();
      const late = await at(ctx, path);
      expect(late.json).toMatchObject({ text: "sleepy done" });
      await new Promise((resolve) => setTimeout(resolve, QUIET_MS));
      expect(ctx.recorder.requests.filter((r) => r.path === path)).toHaveLength(1);
    },
  },
  {
    name: "a job whose late reply cannot be delivered keeps the failure on its record, audited",
    async run(ctx) {
      // The response_url has expired and the channel is gone: Slack refuses both ways in. Set
      // before the command is sent, so the reply cannot get through however soon the job ends.
      const path = unique("/commands/reply");
      const refusals = [
        ctx.recorder.respondWhere((r) => r.path === path, { status: 404, body: "expired_url" }),
        ctx.recorder.respondWhere(
          (r) => r.path === "/api/chat.postMessage" && r.body.includes("slow done"),
          { status: 200, body: JSON.stringify({ ok: false, error: "channel_not_found" }) },
        ),
      ];
      try {
        const { body } = await slashReply(ctx, "slow --ms 1000", path);
        const id = /job `(\w+)`/.exec(body.text)?.[1];
        expect(id).toBeDefined();
        await ctx.adapter.drain?.();
        await expectUndelivered((text) => answerTo(ctx, text), "slow --ms 1000", id!, "slow done");
        const shown = await answerTo(ctx, `jobs ${id}`);
        expect(shown).toContain("response_url: HTTP 404");
        expect(shown).toContain("chat.postMessage: channel_not_found");
      } finally {
        for (const stop of refusals) stop();
      }
    },
  },
];
