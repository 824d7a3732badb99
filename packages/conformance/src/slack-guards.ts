// The Slack scenarios about what guards a command and its job: confirmations, rules that refuse
// (a user, a channel, a button), cancelling, forged or replayed job envelopes, a schedule's firing.
import { randomUUID } from "node:crypto";
import { expect } from "vitest";
import { OPS_CHANNELS } from "./channels.ts";
import type { RecordedRequest } from "./recorder.ts";
import type { Scenario } from "./row.ts";
import { CONFORMANCE_ADMIN } from "./users.ts";
import {
  SCHEDULE_CHANNEL,
  QUIET_MS,
  fixture,
  unique,
  slackRequest,
  buttonPress,
  at,
  slashReply,
  replyMatching,
} from "./slack-requests.ts";

export const SLACK_GUARDS: Scenario[] = [
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
];
