// The Slack scenarios about what users see of the bot's features: alerts, forms, the Home tab,
// granted groups, inert markup and masked secrets, help and suggestions, refusals of bad input,
// the health check, natural formats, and the history of runs.
import { expect } from "vitest";
import { vendorText } from "./fixtures.ts";
import type { Scenario } from "./row.ts";
import { CONFORMANCE_ADMIN } from "./users.ts";
import {
  BOT_TOKEN,
  ORIGIN,
  ALERT_TOKEN,
  ALERT_CHANNEL,
  fixture,
  unique,
  slackRequest,
  slashCommand,
  buttonPress,
  at,
  slashReply,
  formSubmission,
  homeOpened,
  replyMatching,
} from "./slack-requests.ts";

export const SLACK_FEATURES: Scenario[] = [
  {
    name: "alert webhook posts to the alert channel with its suggested command",
    httpOnly:
      "a monitoring webhook, not a Slack request: it reaches the server over HTTP whatever carries Slack",
    async run(ctx) {
      const body = vendorText("monitoring/uptimerobot-monitor-down.zulip-fixture.json");
      const refused = await ctx.adapter.send(
        new Request(`${ORIGIN}/alerts/uptimerobot`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body,
        }),
      );
      expect(refused.status).toBe(401);
      const response = await ctx.adapter.send(
        new Request(`${ORIGIN}/alerts/uptimerobot?token=${ALERT_TOKEN}`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body,
        }),
      );
      expect(response.status).toBe(200);
      await ctx.adapter.drain?.();
      const post = await ctx.recorder.waitFor(
        (r) => r.path === "/api/chat.postMessage" && r.json?.channel === ALERT_CHANNEL,
        10_000,
      );
      const name = JSON.parse(body).monitorFriendlyName as string;
      expect(JSON.stringify(post.json)).toContain(name);
      const buttons = (post.json.blocks ?? []).flatMap((b: any) =>
        b.type === "actions" ? b.elements : [],
      );
      // Acknowledge, Snooze and Resolve first, then the runbook's (ids made unique in a block).
      expect(buttons.map((b: any) => b.text.text)).toEqual([
        "Acknowledge",
        "Snooze 1h",
        "Snooze 4h",
        "Resolve",
        "hi",
      ]);
      expect(buttons.at(-1)).toMatchObject({ action_id: "catops.run#5", value: "hi" });
      expect(JSON.stringify(post.json)).not.toContain(ALERT_TOKEN);
    },
  },
  {
    name: "a command missing its argument opens a form; invalid values come back inline; the submission runs it",
    async run(ctx) {
      const opened = await ctx.adapter.send(slashCommand(ctx, "scale", unique("/commands/form")));
      expect(opened.status).toBe(200);
      expect(await opened.text()).toBe("");
      const open = await at(ctx, "/api/views.open");
      expect(open.headers.authorization).toBe(`Bearer ${BOT_TOKEN}`);
      const view = open.json.view;
      expect(view.blocks.map((b: any) => b.block_id)).toEqual(["arg.service", "flag.replicas"]);

      const invalid = await ctx.adapter.send(
        formSubmission(view, {
          "arg.service": { value: { type: "plain_text_input", value: "api" } },
          "flag.replicas": { value: { type: "number_input", value: "many" } },
        }),
      );
      expect(await invalid.json()).toEqual({
        response_action: "errors",
        errors: { "flag.replicas": "Must be a number." },
      });

      const valid = await ctx.adapter.send(
        formSubmission(view, {
          "arg.service": { value: { type: "plain_text_input", value: "api" } },
          "flag.replicas": { value: { type: "number_input", value: "4" } },
        }),
      );
      expect(valid.status).toBe(200);
      await ctx.adapter.drain?.();
      const posted = await ctx.recorder.waitFor(
        (r) => r.path === "/api/chat.postMessage" && r.json?.text === "scaled api to 4",
        10_000,
      );
      expect(posted.json.channel).toBe(JSON.parse(view.private_metadata).channel);
    },
  },
  {
    name: "the Home tab shows only the commands the viewer may run",
    async run(ctx) {
      const published = async (userId: string) => {
        const response = await ctx.adapter.send(homeOpened(userId));
        expect(response.status).toBe(200);
        await ctx.adapter.drain?.();
        const publish = await ctx.recorder.waitFor(
          (r) => r.path === "/api/views.publish" && r.json?.user_id === userId,
          10_000,
        );
        return JSON.stringify(publish.json.view.blocks);
      };
      const intruder = await published("UINTRUDER");
      expect(intruder).toContain("`scale`");
      expect(intruder).not.toContain("`guarded`");
      expect(await published("UOPSLEAD")).toContain("`guarded`");
    },
  },
  {
    name: "a group granted from chat admits its new member at once, and nobody else",
    async run(ctx) {
      const member = `U${unique("SHIP").replace(/-/g, "").toUpperCase()}`;
      const refused = await slashReply(ctx, "ship", undefined, member);
      expect(refused.body.text).toMatch(/not allowed/i);
      const granted = await slashReply(
        ctx,
        `access grant shippers <@${member}>`,
        undefined,
        CONFORMANCE_ADMIN,
      );
      expect(granted.body.text).toBe(`<@${member}> is now in shippers.`);
      expect((await slashReply(ctx, "ship", undefined, member)).body.text).toBe("shipped");
      const other = await slashReply(ctx, "ship", undefined, "UNOTSHIPPER");
      expect(other.body.text).toMatch(/not allowed/i);
      const notAdmin = await slashReply(
        ctx,
        `access grant shippers <@UNOTSHIPPER>`,
        undefined,
        member,
      );
      expect(notAdmin.body.text).toMatch(/not allowed/i);
    },
  },
  {
    name: "markup a user typed comes back inert: no @channel, no @here, no disguised link",
    async run(ctx) {
      const { body } = await slashReply(ctx, 'greet "<!channel> <!here> <http://x|y>"');
      expect(body.text).not.toMatch(/<!channel>|<!here>|<http:\/\/x\|y>/);
      expect(body.text).toMatch(/^hello, .*channel.*here/);
    },
  },
  {
    name: "a secret flag's value never comes back: not in the job list, not in the answer",
    async run(ctx) {
      const value = unique("s3cr3t-token");
      const { body } = await slashReply(ctx, `login api --token ${value}`);
      expect(JSON.stringify(body)).not.toContain(value);
      await ctx.adapter.drain?.();
      const listed = await replyMatching(ctx, "jobs", /login api/);
      expect(listed).toMatch(/login api --token \*\*\*/);
      expect(listed).not.toContain(value);
    },
  },
  {
    name: "help lists the commands",
    async run(ctx) {
      const { body } = await slashReply(ctx, "help");
      expect(body.response_type).toBe("ephemeral");
      for (const name of ["boom", "careful", "guarded", "hi", "long", "sleepy", "slow"])
        expect(body.text).toContain(`\`${name}\``);
    },
  },
  {
    name: "unknown command suggests the closest one",
    async run(ctx) {
      const { body } = await slashReply(ctx, "hepl");
      expect(body.text).toMatch(/^:warning: Unknown command `hepl`\. Did you mean `help`\?/);
      expect(body.response_type).toBe("ephemeral");
    },
  },
  {
    name: "a value of the wrong type is refused, saying what the command takes",
    async run(ctx) {
      const service = unique("svc");
      const { body } = await slashReply(ctx, `scale ${service} --replicas many`);
      expect(body).toEqual({
        text: ':warning: --replicas must be a number (got "many")\nUsage: `scale &lt;service&gt; [--replicas n]`',
        response_type: "ephemeral",
      });
      await ctx.adapter.drain?.();
      expect(JSON.stringify(ctx.recorder.requests)).not.toContain(`scaled ${service}`);
    },
  },
  {
    name: "plugin that throws answers one short line, no stack",
    async run(ctx) {
      const { body } = await slashReply(ctx, "boom");
      expect(body.text).toBe(":warning: `boom` failed: the pump would not start");
      expect(body.text).not.toMatch(/stack|\bat |conformance\.ts/);
    },
  },
  {
    name: "oversized body is refused with 413",
    httpOnly:
      "the body limit bounds HTTP requests from anyone; Socket Mode messages come from Slack on a connection the server opened",
    async run(ctx) {
      const path = unique("/commands/huge");
      const params = new URLSearchParams(fixture("signing-docs-example.body.txt"));
      params.set("text", `hi ${"x".repeat(1024 * 1024)}`);
      params.set("response_url", `${ctx.recorder.url}${path}`);
      const response = await ctx.adapter.send(slackRequest(params.toString()));
      expect(response.status).toBe(413);
    },
  },
  {
    name: "malformed body with a valid signature is refused with 400",
    httpOnly:
      "an HTTP status for a body that is not JSON; Socket Mode has no status, and an envelope it cannot read is acknowledged and logged (adapters/node/src/socket-mode.test.ts)",
    async run(ctx) {
      const broken = fixture("events-url-verification.json").slice(0, 40);
      const response = await ctx.adapter.send(
        slackRequest(broken, { contentType: "application/json" }),
      );
      expect(response.status).toBe(400);
      if (ctx.driver.platformAnswers?.malformedJson) {
        // Refused by the platform before the adapter ran: still a 400, still no stack trace.
        expect(await response.text()).not.toMatch(/SyntaxError|\bat \S+ \(/);
        return;
      }
      const body = await response.json();
      expect(body.ok).toBe(false);
      expect(body.error).toContain("JSON");
    },
  },
  {
    name: "health check answers 200",
    httpOnly: "a probe of the HTTP server, not a Slack request",
    async run(ctx) {
      const response = await ctx.adapter.send(new Request(`${ORIGIN}/healthz`));
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ ok: true, name: "catops" });
    },
  },
  {
    name: "a natural format runs as its positional form",
    async run(ctx) {
      for (const text of [
        "greet Ada saying ahoy",
        "greet Ada --word ahoy",
        'greet "Ada" --word=ahoy',
      ])
        expect((await slashReply(ctx, text)).body.text).toBe("ahoy, Ada");
      expect((await slashReply(ctx, "wave at Ada")).body.text).toBe("hello, Ada");
    },
  },
  {
    name: "history lists a run, and rerun asks its confirmation again",
    async run(ctx) {
      const asker = new URLSearchParams(fixture("signing-docs-example.body.txt")).get("user_id")!;
      const { body } = await slashReply(ctx, "careful");
      const confirm = body.blocks
        .find((b: any) => b.type === "actions")
        .elements.find((b: any) => b.action_id === "catops.confirm");
      const path = unique("/actions/confirm");
      await ctx.adapter.send(buttonPress(ctx, "catops.confirm", confirm.value, path, asker));
      await ctx.adapter.drain?.();
      await at(ctx, path);
      const entry = /^`[a-z0-9]{8}` \d+s ago, succeeded: `careful` by <@U2CERLKJA>/;
      const history = await replyMatching(ctx, "history --command careful", entry);
      expect(history).toMatch(entry);
      const id = /^`([a-z0-9]{8})`/.exec(history)![1];
      const again = await slashReply(ctx, `rerun ${id}`);
      expect(again.body.text).toBe("Run `careful`?");
    },
  },
  {
    name: "history and rerun show a run only to whom the command's rule admits",
    async run(ctx) {
      const lead = await slashReply(ctx, "guarded", undefined, "UOPSLEAD");
      expect(lead.body.text).toBe("guarded done");
      await ctx.adapter.drain?.();
      const entry = /`([a-z0-9]{8})` \d+s ago, succeeded: `guarded` by <@UOPSLEAD>/;
      const seen = await replyMatching(ctx, "history --command guarded", entry, "UOPSLEAD");
      expect(seen).toMatch(entry);
      const id = entry.exec(seen)![1];
      const other = await slashReply(ctx, "history --command guarded", undefined, "UINTRUDER");
      expect(other.body.text).not.toContain(id);
      const rerun = await slashReply(ctx, `rerun ${id}`, undefined, "UINTRUDER");
      expect(rerun.body.text).toContain(`You are not allowed to see run \`${id}\``);
    },
  },
];
