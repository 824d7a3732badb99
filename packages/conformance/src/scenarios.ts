// The scenarios of the conformance matrix: real Slack payloads from test/fixtures/vendor, signed now,
// sent through an adapter's real entry point. Assertions are about what a Slack user would see.
import { randomUUID } from "node:crypto";
import { expect } from "vitest";
import { OPS_CHANNELS } from "./channels.ts";
import { vendorText } from "./fixtures.ts";
import { expectUndelivered } from "./late-replies.ts";
import type { RecordedRequest } from "./recorder.ts";
import type { AdapterDriver, ConformanceSetup } from "./harness.ts";
import { describeRow, notApplicable, type Scenario } from "./row.ts";
import { CONFORMANCE_ADMIN } from "./users.ts";
import {
  SIGNING_SECRET,
  BOT_TOKEN,
  ORIGIN,
  ALERT_TOKEN,
  ALERT_CHANNEL,
  SCHEDULE_CHANNEL,
  ACK_BUDGET_MS,
  QUIET_MS,
  fixture,
  unique,
  slackRequest,
  slashCommand,
  mention,
  buttonPress,
  timed,
  at,
  isThreadPost,
  slashReply,
  expectPostedInThread,
  formSubmission,
  homeOpened,
  replyMatching,
  answerTo,
} from "./slack-requests.ts";

const scenarios: Scenario[] = [
  {
    name: "signed slash command answers in the channel",
    async run(ctx) {
      const { body } = await slashReply(ctx, "hi");
      expect(body).toEqual({ text: "Meow!", response_type: "in_channel" });
    },
  },
  {
    name: "bad signature is refused with 401",
    httpOnly:
      "Socket Mode has no request signature: Slack sends envelopes on the WebSocket the server opened with its app-level token",
    async run(ctx) {
      const params = new URLSearchParams(fixture("signing-docs-example.body.txt"));
      params.set("text", "hi");
      const response = await ctx.adapter.send(
        slackRequest(params.toString(), { secret: "not-the-signing-secret" }),
      );
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({ ok: false, error: "invalid signature" });
    },
  },
  {
    name: "stale timestamp is refused with 401",
    httpOnly:
      "Socket Mode has no request signature: Slack sends envelopes on the WebSocket the server opened with its app-level token",
    async run(ctx) {
      const params = new URLSearchParams(fixture("signing-docs-example.body.txt"));
      params.set("text", "hi");
      const response = await ctx.adapter.send(
        slackRequest(params.toString(), { ageSeconds: 6 * 60 }),
      );
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({ ok: false, error: "invalid signature" });
    },
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
  {
    name: "confirmation buttons, then the command runs when confirmed",
    async run(ctx) {
      const asker = new URLSearchParams(fixture("signing-docs-example.body.txt")).get("user_id")!;
      const { body } = await slashReply(ctx, "careful");
      expect(body.response_type).toBe("ephemeral");
      expect(body.text).toBe("Run `careful`?");
      const buttons = body.blocks.find((b: any) => b.type === "actions").elements;
      expect(buttons.map((b: any) => b.text.text)).toEqual(["Run", "Cancel"]);
      const confirm = buttons.find((b: any) => b.action_id === "catops.confirm");
      const path = unique("/actions/confirm");
      const response = await ctx.adapter.send(
        buttonPress(ctx, "catops.confirm", confirm.value, path, asker),
      );
      expect(response.status).toBe(200);
      await ctx.adapter.drain?.();
      const done = await at(ctx, path);
      expect(done.json).toMatchObject({ text: "careful done", replace_original: true });
    },
  },
  {
    name: "a command the user may not run is refused, naming what would allow it",
    async run(ctx) {
      const { body } = await slashReply(ctx, "guarded");
      expect(body).toEqual({
        text: ":warning: You are not allowed to run `guarded`: it is for <@UOPSLEAD>.",
        response_type: "ephemeral",
      });
    },
  },
  {
    name: "a channel a rule names is matched by the name Slack signs; another channel is refused",
    async run(ctx) {
      const from = async (channel: string) => {
        const params = new URLSearchParams(fixture("signing-docs-example.body.txt"));
        params.set("text", "opsroom");
        params.set("channel_id", `C${unique("OPS").replace(/-/g, "").toUpperCase()}`);
        params.set("channel_name", channel);
        params.set("response_url", `${ctx.recorder.url}${unique("/commands/opsroom")}`);
        const response = await ctx.adapter.send(slackRequest(params.toString()));
        expect(response.status).toBe(200);
        return (await response.json()).text as string;
      };
      expect(await from(OPS_CHANNELS.name)).toBe("in the ops room");
      expect(await from(`${OPS_CHANNELS.name}-lookalike`)).toContain(
        "You are not allowed to run `opsroom`",
      );
    },
  },
  {
    name: "a button cannot skip the permission check",
    async run(ctx) {
      const path = unique("/actions/denied");
      const response = await ctx.adapter.send(
        buttonPress(ctx, "catops.run", "guarded", path, "UINTRUDER"),
      );
      expect(response.status).toBe(200);
      await ctx.adapter.drain?.();
      const post = await at(ctx, path);
      expect(post.json.text).toContain("You are not allowed to run `guarded`");
      expect(JSON.stringify(ctx.recorder.requests)).not.toContain("guarded done");
    },
  },
  {
    name: "a deferred job can be cancelled by its owner",
    async run(ctx) {
      const { body, path } = await slashReply(ctx, "long");
      const id = /job `(\w+)`/.exec(body.text)?.[1];
      expect(id).toBeDefined();
      const cancel = await slashReply(ctx, `cancel ${id}`);
      expect(cancel.body.text).toContain(`Cancelling job \`${id}\``);
      await ctx.adapter.drain?.();
      const told = await at(ctx, path);
      expect(told.json.text).toMatch(
        new RegExp(`^\`long\` was cancelled.*\\(job \`${id}\`\\)\\.$`),
      );
      expect(JSON.stringify(ctx.recorder.requests)).not.toContain("long done");
    },
  },
  {
    name: "a forged job envelope (no record, another user, a foreign reply address) is refused and audited",
    needs: "jobEnvelopes",
    async run(ctx) {
      const deliverJob = ctx.adapter.deliverJob;
      if (!deliverJob) throw new Error("the driver neither delivers envelopes nor says why not");
      const signed = new URLSearchParams(fixture("signing-docs-example.body.txt"));
      const asker = signed.get("user_id")!;
      const { body, path } = await slashReply(ctx, "slow");
      const id = /job `(\w+)`/.exec(body.text)?.[1];
      expect(id).toBeDefined();
      const envelope = (jobId: string, line: string, user: string, replyPath: string) => ({
        kind: "catops.job",
        id: jobId,
        connector: "slack",
        enqueuedAt: Date.now(),
        event: {
          command: line.split(" "),
          text: line,
          user: { id: user },
          channel: { id: signed.get("channel_id")! },
          responseUrl: `${ctx.recorder.url}${replyPath}`,
          source: "slack",
        },
      });
      // A job nobody recorded, as the one user it is for; the recorded job as someone else;
      // the recorded job as its asker, its result sent somewhere else.
      const unrecorded = randomUUID().replace(/-/g, "").slice(0, 12);
      const [nowhere, elsewhere] = [unique("/forged/unrecorded"), unique("/forged/elsewhere")];
      const forged = [
        {
          user: "UOPSLEAD",
          job: unrecorded,
          envelope: envelope(unrecorded, "guarded", "UOPSLEAD", nowhere),
        },
        { user: "UINTRUDER", job: id!, envelope: envelope(id!, "slow", "UINTRUDER", path) },
        { user: asker, job: id!, envelope: envelope(id!, "slow", asker, elsewhere) },
      ];
      for (const { envelope } of forged) await deliverJob(envelope);
      await ctx.adapter.drain?.();
      for (const { user, job } of forged) {
        const entry = new RegExp(
          `denied: \`\\(job envelope\\)\` by <@${user}>.*\\(job \`${job}\`\\)`,
        );
        const listed = await replyMatching(
          ctx,
          `history --user ${user} --command (job`,
          entry,
          CONFORMANCE_ADMIN,
        );
        expect(listed).toMatch(entry);
      }
      // The recorded job ran once, as recorded; nothing went where the forgeries pointed.
      expect((await at(ctx, path)).json).toMatchObject({ text: "slow done" });
      await new Promise((resolve) => setTimeout(resolve, QUIET_MS));
      expect(ctx.recorder.requests.filter((r) => r.path === path)).toHaveLength(1);
      expect(ctx.recorder.requests.filter((r) => r.path.startsWith("/forged/"))).toEqual([]);
      expect(JSON.stringify(ctx.recorder.requests)).not.toContain("guarded done");
    },
  },
  {
    name: "a job whose run was killed, delivered again, ends interrupted and its channel is told",
    needs: "redelivery",
    async run(ctx) {
      const { killNextJob, deliverJob } = ctx.adapter;
      if (!killNextJob || !deliverJob)
        throw new Error("the driver neither kills and redelivers jobs nor says why not");
      const killed = killNextJob();
      const { body, path } = await slashReply(ctx, "rebuild");
      const id = /job `(\w+)`/.exec(body.text)?.[1];
      expect(id).toBeDefined();
      const envelope = await killed;
      expect(envelope).toMatchObject({ kind: "catops.job", id });
      // The queue delivers it again, and again.
      await deliverJob(envelope);
      await ctx.adapter.drain?.();
      const told = await at(ctx, path);
      expect(told.json.text).toContain(
        `\`rebuild\` was interrupted (job \`${id}\`): the process running it stopped before it finished.`,
      );
      expect(told.json.response_type).toBe("in_channel");
      expect(await replyMatching(ctx, `jobs ${id}`, /interrupted/)).toMatch(/interrupted/);
      await deliverJob(envelope);
      await ctx.adapter.drain?.();
      await new Promise((resolve) => setTimeout(resolve, QUIET_MS));
      expect(ctx.recorder.requests.filter((r) => r.path === path)).toHaveLength(1);
    },
  },
  {
    name: "a schedule fired twice for one firing runs once and posts its reply to its channel",
    async run(ctx) {
      const schedule = { name: "conformance-hi", cron: "* * * * *" };
      // Runtimes whose trigger says no time (Azure's timer) take the minute it arrived in: both
      // deliveries must fall in one minute, so a minute about to end is let pass first.
      const intoMinute = Date.now() % 60_000;
      if (intoMinute > 52_000) await new Promise((r) => setTimeout(r, 60_100 - intoMinute));
      // The firing, delivered twice as a retrying trigger would.
      const at = new Date(Math.floor(Date.now() / 60_000) * 60_000);
      await ctx.adapter.fire(schedule, at);
      await ctx.adapter.fire(schedule, at);
      await ctx.adapter.drain?.();
      const isPost = (r: RecordedRequest) =>
        r.path === "/api/chat.postMessage" && r.json?.channel === SCHEDULE_CHANNEL;
      const post = await ctx.recorder.waitFor(isPost, 10_000);
      expect(JSON.stringify(post.json)).toContain("Meow!");
      await new Promise((resolve) => setTimeout(resolve, QUIET_MS));
      expect(ctx.recorder.requests.filter(isPost)).toHaveLength(1);
    },
  },
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

/** The names of every scenario, in order: each row runs all of them. */
export const CONFORMANCE_SCENARIOS: readonly string[] = scenarios.map((s) => s.name);

/** The scenarios of the table `driver` does not run, by name, each with the reason. */
export function conformanceNotApplicable(driver: AdapterDriver): Record<string, string> {
  return notApplicable(driver, scenarios);
}

/**
 * Defines the table for one adapter: `describe(driver.name)` with one test per scenario it can
 * run (all of them over HTTP).
 */
export function runConformance(driver: AdapterDriver): void {
  describeRow(driver.name, driver, conformanceEnv, scenarios);
}

/** What every row's bot is configured with: Slack's API and the alert channel at the recorder. */
function conformanceEnv(recorderUrl: string): ConformanceSetup["env"] {
  return {
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_BOT_TOKEN: BOT_TOKEN,
    CATOPS_SLACK_API_URL: `${recorderUrl}/api`,
    CATOPS_ALERT_TOKEN: ALERT_TOKEN,
    CATOPS_ALERT_CHANNEL: ALERT_CHANNEL,
  };
}
