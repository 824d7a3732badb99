// Command formats, history and rerun through the Slack connector: signed slash commands in,
// Slack's own reply shape out, mentions in Slack's markup.
import { command, keepHistory } from "@catops/core";
import { createSlackConnector } from "@catops/slack";
import { describe, expect, it } from "vitest";
import { signedRequest, slashCommandBody } from "../../packages/slack/test/fixtures.ts";
import { connectorTestBot, useRecorder } from "../support/chat.ts";

const SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
const recorder = useRecorder();

function setup() {
  const runs: unknown[] = [];
  const harness = connectorTestBot({
    history: keepHistory(),
    groups: { deployers: ["U2147483697", "UPARTNER"] },
    plugins: [
      {
        file: "ops.ts",
        exports: {
          deploy: command({
            args: { service: { required: true } },
            flags: { env: { choices: ["staging", "prod"], default: "staging" } },
            formats: ["deploy {service} to {env}", "ship {service}"],
            allow: { groups: ["deployers"] },
            run: (ctx) => {
              runs.push({ user: ctx.user?.id, args: ctx.args, flags: ctx.flags });
              return `deploying ${ctx.args.service} to ${ctx.flags.env}`;
            },
          }),
        },
      },
    ],
    connectors: [createSlackConnector({ sleep: async () => {} })],
    env: {
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_BOT_TOKEN: "xoxb-history-test",
      CATOPS_SLACK_API_URL: `${recorder.url}/api`,
    },
  });
  const slash = async (text: string, user = "U2147483697") => {
    const body = slashCommandBody({
      text,
      command: "/catops",
      user_id: user,
      response_url: `${recorder.url}/commands/1`,
    });
    const response = await harness.send(signedRequest(SECRET, body));
    expect(response.status).toBe(200);
    const reply = (await response.json()) as { text?: string; blocks?: unknown[] };
    await harness.settle();
    return JSON.stringify(reply);
  };
  return { ...harness, slash, runs };
}

describe("command formats through Slack", () => {
  it("reads a natural format as the positional form", async () => {
    const { slash, runs } = setup();
    expect(await slash("deploy api to prod")).toContain("deploying api to prod");
    expect(await slash("deploy api --env prod")).toContain("deploying api to prod");
    expect(await slash("ship web")).toContain("deploying web to staging");
    expect(runs[0]).toEqual(runs[1]);
  });
});

describe("history and rerun through Slack", () => {
  it("lists runs with Slack mentions and runs one again as the one who asks", async () => {
    const { slash, runs } = setup();
    await slash("deploy api to prod");
    const history = await slash("history", "UPARTNER");
    expect(history).toContain("`deploy api --env=prod`");
    expect(history).toContain("<@U2147483697>");
    const id = /`([a-z0-9]{8})`/.exec(history)![1];
    expect(await slash(`rerun ${id}`, "UPARTNER")).toContain("deploying api to prod");
    expect(runs.at(-1)).toEqual({
      user: "UPARTNER",
      args: { service: "api" },
      flags: { env: "prod" },
    });
    expect(await slash(`rerun ${id}`, "UOUTSIDER")).toContain(`not allowed to see run`);
    expect(runs).toHaveLength(2);
  });
});
