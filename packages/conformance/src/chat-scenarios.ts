import { expect } from "vitest";
import { OPS_CHANNELS } from "./channels.ts";
import { expectUndelivered } from "./late-replies.ts";
import { googleChatConformanceEnv, googleChatScenarios } from "./chat-google-chat.ts";
import { teamsConformanceEnv, teamsScenarios } from "./chat-teams.ts";
import type { AdapterDriver, ConformanceSetup } from "./harness.ts";
import { describeRow, type Scenario } from "./row.ts";
import {
  PUBLIC_URL,
  unique,
  MATTERMOST_TOKEN,
  SIGNED_PING,
  DISCORD_PUBLIC_KEY,
  PING,
  OTHER_KEY,
  mattermostCommand,
  mattermostPress,
  discordRequest,
  discordCommand,
  discordPress,
  discordModalSubmit,
  mattermostDialogSubmission,
  editPath,
  jsonOf,
} from "./chat-requests.ts";

const scenarios: Scenario[] = [
  {
    name: "mattermost: slash command verified by its token answers in the channel",
    async run(ctx) {
      const response = await ctx.adapter.send(
        mattermostCommand(ctx, "hi", unique("/hooks/commands/hi")),
      );
      expect(await jsonOf(response)).toEqual({ response_type: "in_channel", text: "Meow!" });
    },
  },
  {
    name: "mattermost: @channel, @here and @all a user typed come back inert",
    async run(ctx) {
      const response = await ctx.adapter.send(
        mattermostCommand(ctx, 'greet "@channel @here @all"', unique("/hooks/commands/greet")),
      );
      const { text } = await jsonOf(response);
      expect(text).toMatch(/^hello, /);
      expect(text).not.toMatch(/(^|[^\w\u200b])@(channel|here|all)\b/);
    },
  },
  {
    name: "mattermost: wrong or missing token is refused with 401",
    async run(ctx) {
      for (const token of ["not-the-command-token", ""]) {
        const response = await ctx.adapter.send(
          mattermostCommand(ctx, "hi", unique("/hooks/commands/refused"), { token }),
        );
        expect(await jsonOf(response, 401)).toEqual({ ok: false, error: "invalid token" });
      }
      expect(JSON.stringify(ctx.recorder.requests)).not.toContain("Meow!");
    },
  },
  {
    name: "mattermost: a channel named like the allowed one is refused; the allowed channel, by id, is not",
    async run(ctx) {
      const from = (id: string) =>
        ctx.adapter.send(
          mattermostCommand(ctx, "opsroom", unique("/hooks/commands/opsroom"), {
            channel: { id, name: OPS_CHANNELS.name },
          }),
        );
      expect((await jsonOf(await from(OPS_CHANNELS.mattermost))).text).toBe("in the ops room");
      // Another team's channel, or one anyone made, with the same name: names are not signed.
      const refused = await jsonOf(await from("x1otherteamopschannel00000"));
      expect(refused.text).toContain("You are not allowed to run `opsroom`");
      expect(refused.response_type).toBe("ephemeral");
    },
  },
  {
    name: "mattermost: deferred command is acknowledged, then answers late at the response_url",
    async run(ctx) {
      const path = unique("/hooks/commands/slow");
      const body = await jsonOf(await ctx.adapter.send(mattermostCommand(ctx, "slow", path)));
      // Not how fast (the machine's load, measured by bench/ack-latency.ts): the engine answers
      // "Running" only when it hands the command to a job.
      expect(body.text).toMatch(/^Running `slow`…/);
      expect(body.response_type).toBe("in_channel");
      await ctx.adapter.drain?.();
      const late = await ctx.recorder.waitFor((r) => r.path === path, 10_000);
      expect(late.method).toBe("POST");
      expect(late.json).toEqual({ response_type: "in_channel", text: "slow done" });
    },
  },
  {
    name: "mattermost: a job whose late reply cannot be delivered keeps the failure on its record, audited",
    async run(ctx) {
      const path = unique("/hooks/commands/lost");
      // An expired response_url, as Mattermost answers it: set before the command is sent, so
      // the reply cannot get through however soon the job ends.
      const stop = ctx.recorder.respondWhere((r) => r.path === path, {
        status: 404,
        body: JSON.stringify({ status_code: 404 }),
      });
      try {
        const ack = await jsonOf(
          await ctx.adapter.send(mattermostCommand(ctx, "slow --ms 1000", path)),
        );
        const id = /job `(\w+)`/.exec(ack.text)?.[1];
        expect(id).toBeDefined();
        await ctx.adapter.drain?.();
        const ask = async (text: string) =>
          (await jsonOf(await ctx.adapter.send(mattermostCommand(ctx, text, unique("/hooks/ask")))))
            .text;
        await expectUndelivered(ask, "slow --ms 1000", id!, "slow done");
      } finally {
        stop();
      }
    },
  },
  {
    name: "mattermost: confirmation buttons call back, and the command runs when confirmed",
    async run(ctx) {
      const path = unique("/hooks/commands/careful");
      const asked = await jsonOf(await ctx.adapter.send(mattermostCommand(ctx, "careful", path)));
      expect(asked.response_type).toBe("ephemeral");
      expect(asked.text).toBe("Run `careful`?");
      const buttons = asked.attachments[0].actions;
      expect(buttons.map((b: any) => b.name)).toEqual(["Run", "Cancel"]);
      expect(buttons[0].integration.url).toBe(`${PUBLIC_URL}/mattermost/actions`);
      const answer = await ctx.adapter.send(mattermostPress(buttons[0].integration.context));
      expect(await jsonOf(answer)).toEqual({ update: { message: "careful done", props: {} } });
    },
  },
  {
    name: "mattermost: a button press whose context was not signed by CatOps is refused with 401",
    async run(ctx) {
      const forged = { action: "catops.run", value: "guarded", signature: "0".repeat(64) };
      const response = await ctx.adapter.send(mattermostPress(forged));
      expect(await jsonOf(response, 401)).toEqual({ ok: false, error: "invalid token" });
    },
  },
  {
    name: "mattermost: a command missing its argument opens a dialog; errors come back under their fields; the submission runs it",
    async run(ctx) {
      const path = unique("/hooks/commands/form");
      const opened = await ctx.adapter.send(mattermostCommand(ctx, "scale", path));
      expect(opened.status).toBe(200);
      const open = await ctx.recorder.waitFor(
        (r) => r.path === "/api/v4/actions/dialogs/open" && r.json?.dialog?.state !== undefined,
        10_000,
      );
      const { state } = open.json.dialog;
      expect(open.json.url).toBe(`${PUBLIC_URL}/mattermost/dialogs`);
      const invalid = await ctx.adapter.send(
        mattermostDialogSubmission(state, { "arg.service": "api", "flag.replicas": "many" }),
      );
      expect(await jsonOf(invalid)).toEqual({ errors: { "flag.replicas": "Must be a number." } });
      const valid = await ctx.adapter.send(
        mattermostDialogSubmission(state, { "arg.service": "api", "flag.replicas": "4" }),
      );
      expect(await jsonOf(valid)).toEqual({});
      await ctx.adapter.drain?.();
      const posted = await ctx.recorder.waitFor((r) => r.path === path, 10_000);
      expect(posted.json.text).toBe("scaled api to 4");
    },
  },
  {
    name: "discord: a command missing its argument opens a modal; the submission runs it, or says what did not fit",
    async run(ctx) {
      const modal = await jsonOf(
        await ctx.adapter.send(discordRequest(discordCommand("scale").body)),
      );
      expect(modal.type).toBe(9);
      expect(modal.data.custom_id).toBe("catops.form:scale");
      const invalid = await jsonOf(
        await ctx.adapter.send(
          discordRequest(
            discordModalSubmit("catops.form:scale", { "arg.service": "api", "flag.replicas": "x" }),
          ),
        ),
      );
      expect(invalid.data.flags).toBe(64);
      expect(invalid.data.content).toContain("replicas: Must be a number.");
      const valid = await jsonOf(
        await ctx.adapter.send(
          discordRequest(
            discordModalSubmit("catops.form:scale", { "arg.service": "api", "flag.replicas": "4" }),
          ),
        ),
      );
      expect(valid).toMatchObject({ type: 4, data: { content: "scaled api to 4" } });
    },
  },
  {
    name: "discord: PING gets PONG",
    async run(ctx) {
      const response = await ctx.adapter.send(discordRequest(PING));
      expect(response.status).toBe(SIGNED_PING.expected_response_for_valid_ping.status);
      expect(response.headers.get("content-type")).toContain("application/json");
      expect(await response.json()).toEqual({ type: 1 });
    },
  },
  {
    name: "discord: bad signature is refused with 401",
    async run(ctx) {
      const { body } = discordCommand("hi");
      for (const request of [
        discordRequest(PING, { key: OTHER_KEY }),
        discordRequest(body, { tamper: true }),
        discordRequest(body, { ageSeconds: 6 * 60 }),
      ]) {
        const response = await ctx.adapter.send(request);
        expect(response.status).toBe(SIGNED_PING.expected_response_for_invalid_signature.status);
        expect(await response.json()).toEqual({ ok: false, error: "invalid signature" });
      }
    },
  },
  {
    name: "discord: application command answers in the channel (type 4)",
    async run(ctx) {
      const response = await ctx.adapter.send(discordRequest(discordCommand("hi").body));
      expect(await jsonOf(response)).toEqual({
        type: 4,
        data: { content: "Meow!", allowed_mentions: { parse: [] } },
      });
    },
  },
  {
    name: "discord: @everyone, @here and a role mention a user typed ping no one",
    async run(ctx) {
      const typed = 'greet "@everyone @here <@&123456789012345678>"';
      const response = await ctx.adapter.send(discordRequest(discordCommand(typed).body));
      const { data } = await jsonOf(response);
      expect(data.content).toMatch(/^hello, /);
      expect(data.allowed_mentions).toEqual({ parse: [] });
    },
  },
  {
    name: "discord: a thread named like the allowed channel is refused; the allowed channel, by id, is not",
    async run(ctx) {
      const from = async (channel: Record<string, unknown> & { id: string }) =>
        (
          await jsonOf(
            await ctx.adapter.send(discordRequest(discordCommand("opsroom", channel).body)),
          )
        ).data;
      const allowed = await from({ id: OPS_CHANNELS.discord, name: OPS_CHANNELS.name, type: 0 });
      expect(allowed.content).toBe("in the ops room");
      // A public thread anyone may start, named like the channel, under another channel.
      const thread = { id: "1187654321098765432", name: OPS_CHANNELS.name, type: 11 };
      const refused = await from({ ...thread, parent_id: "645027906669510999" });
      expect(refused.content).toContain("You are not allowed to run `opsroom`");
      expect(refused.flags).toBe(64);
    },
  },
  {
    name: "discord: deferred command is acknowledged, then its response is edited with the result",
    async run(ctx) {
      const { body, token } = discordCommand("slow");
      // Not how fast (the machine's load, measured by bench/ack-latency.ts): the engine answers
      // "Running" only when it hands the command to a job.
      const ack = await jsonOf(await ctx.adapter.send(discordRequest(body)));
      expect(ack.type).toBe(4);
      expect(ack.data.content).toMatch(/^Running `slow`… \(job `[\w-]+`\)$/);
      await ctx.adapter.drain?.();
      const edit = await ctx.recorder.waitFor((r) => r.path === editPath(token), 10_000);
      expect(edit.method).toBe("PATCH");
      expect(edit.json).toMatchObject({ content: "slow done", embeds: [], components: [] });
    },
  },
  {
    name: "discord: a job whose late reply cannot be delivered keeps the failure on its record, audited",
    async run(ctx) {
      const { body, token } = discordCommand("slow --ms 1000");
      // The interaction's token has expired: Discord no longer knows its webhook. Set before
      // the command is sent, so the reply cannot get through however soon the job ends.
      const stop = ctx.recorder.respondWhere((r) => r.path === editPath(token), {
        status: 404,
        body: JSON.stringify({ message: "Unknown Webhook", code: 10015 }),
      });
      try {
        const ack = await jsonOf(await ctx.adapter.send(discordRequest(body)));
        const id = /job `([\w-]+)`/.exec(ack.data.content)?.[1];
        expect(id).toBeDefined();
        await ctx.adapter.drain?.();
        const ask = async (text: string) =>
          (await jsonOf(await ctx.adapter.send(discordRequest(discordCommand(text).body)))).data
            .content;
        await expectUndelivered(ask, "slow --ms 1000", id!, "slow done");
      } finally {
        stop();
      }
    },
  },
  {
    name: "discord: a confirm button press runs the command and updates its message (type 7)",
    async run(ctx) {
      const asked = await jsonOf(
        await ctx.adapter.send(discordRequest(discordCommand("careful").body)),
      );
      expect(asked.type).toBe(4);
      expect(asked.data).toMatchObject({ content: "Run `careful`?", flags: 64 });
      const [run, cancel] = asked.data.components[0].components;
      expect([run.label, cancel.label]).toEqual(["Run", "Cancel"]);
      expect(run.custom_id).toMatch(/^catops\.confirm:/);
      const answer = await ctx.adapter.send(discordRequest(discordPress(run.custom_id).body));
      expect(await jsonOf(answer)).toEqual({
        type: 7,
        data: {
          content: "careful done",
          allowed_mentions: { parse: [] },
          embeds: [],
          components: [],
        },
      });
    },
  },
  ...teamsScenarios,
  ...googleChatScenarios,
];

/** The names of every chat scenario, in order: each row runs all of them. */
export const CHAT_CONFORMANCE_SCENARIOS: readonly string[] = scenarios.map((s) => s.name);

/** The settings a bot under the chat scenarios is configured with, pointing at `recorderUrl`. */
export function chatConformanceEnv(recorderUrl: string): ConformanceSetup["env"] {
  return {
    SLACK_SIGNING_SECRET: "8f742231b10e8888abcd99yyyzzz85a5",
    SLACK_BOT_TOKEN: "xoxb-conformance-0000-token",
    CATOPS_SLACK_API_URL: `${recorderUrl}/api`,
    CATOPS_MATTERMOST_TOKEN: MATTERMOST_TOKEN,
    CATOPS_PUBLIC_URL: PUBLIC_URL,
    CATOPS_DISCORD_PUBLIC_KEY: DISCORD_PUBLIC_KEY,
    CATOPS_DISCORD_API_URL: `${recorderUrl}/discord/api/v10`,
    ...teamsConformanceEnv(recorderUrl),
    ...googleChatConformanceEnv(recorderUrl),
  };
}

/** Defines the chat table for one adapter: `describe(<row> chat)` with one test per scenario. */
export function runChatConformance(driver: AdapterDriver): void {
  describeRow(
    `${driver.name} (mattermost, discord, teams, google-chat)`,
    driver,
    chatConformanceEnv,
    scenarios,
  );
}
