// Forms as Mattermost interactive dialogs through the real connector: a command missing its
// argument opens a dialog (the recorder plays the Mattermost server), and the submission is
// verified by its signed state, answered with errors under its fields, or run.
import { command, type PluginModule } from "@catops/core";
import { describe, expect, it } from "vitest";
import { connectorTestBot, useRecorder } from "../../../test/support/chat.ts";
import { slashBody, slashRequest, TOKEN } from "../test/fixtures.ts";
import { createMattermostConnector } from "./create.ts";

const PUBLIC_URL = "https://catops.example.com";
const recorder = useRecorder();

const plugins: PluginModule[] = [
  {
    file: "ops.ts",
    exports: {
      scale: command({
        args: { service: { required: true } },
        flags: {
          replicas: { type: "number", default: 2 },
          env: { choices: ["staging", "prod"] },
          force: { type: "boolean" },
        },
        run: (ctx) => `scaled ${ctx.args.service} to ${ctx.flags.replicas}`,
      }),
    },
  },
];

function makeBot() {
  const { send, settle } = connectorTestBot({
    plugins,
    connectors: [createMattermostConnector({ sleep: async () => {} })],
    env: { CATOPS_MATTERMOST_TOKEN: TOKEN, CATOPS_PUBLIC_URL: PUBLIC_URL },
  });
  return { send, settle };
}

async function openScaleDialog() {
  const bot = makeBot();
  const response = await bot.send(
    slashRequest(slashBody({ text: "scale", response_url: `${recorder.url}/hooks/commands/form` })),
  );
  expect(response.status).toBe(200);
  expect(await response.text()).toBe("");
  const open = await recorder.waitFor((r) => r.path === "/api/v4/actions/dialogs/open", 5000);
  return { bot, open: open.json };
}

/** A dialog submission in the shape Mattermost documents for interactive dialogs. */
function submission(state: string, values: Record<string, unknown>, extra = {}) {
  return new Request(`${PUBLIC_URL}/mattermost/dialogs`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      type: "dialog_submission",
      callback_id: "catops.form",
      state,
      user_id: "erj6qck3rfgtujs86w5r6rckzh",
      channel_id: "fukxanjgjbnp7ng383at53k1sy",
      team_id: "wx4zz8t4ttgmtxqiwfohijayzc",
      submission: values,
      cancelled: false,
      ...extra,
    }),
  });
}

describe("forms as Mattermost dialogs", () => {
  it("opens a dialog with the trigger id: selects for choices, bool for flags, number subtype", async () => {
    const { open } = await openScaleDialog();
    expect(open.trigger_id).toMatch(/\S/);
    expect(open.url).toBe(`${PUBLIC_URL}/mattermost/dialogs`);
    expect(open.dialog.elements.map((e: any) => [e.name, e.type, e.subtype, e.optional])).toEqual([
      ["arg.service", "text", undefined, false],
      ["flag.replicas", "text", "number", true],
      ["flag.env", "select", undefined, true],
      ["flag.force", "bool", undefined, true],
    ]);
  });

  it("answers errors under their fields, then runs a valid submission at the response_url", async () => {
    const { bot, open } = await openScaleDialog();
    const bad = await bot.send(
      submission(open.dialog.state, { "arg.service": "api", "flag.replicas": "lots" }),
    );
    expect(await bad.json()).toEqual({ errors: { "flag.replicas": "Must be a number." } });

    const good = await bot.send(
      submission(open.dialog.state, {
        "arg.service": "api",
        "flag.replicas": 5,
        "flag.force": false,
      }),
    );
    expect(await good.json()).toEqual({});
    await bot.settle();
    const posted = await recorder.waitFor((r) => r.path === "/hooks/commands/form", 5000);
    expect(posted.json.text).toBe("scaled api to 5");
  });

  it("refuses a submission whose state was not signed here", async () => {
    const { bot, open } = await openScaleDialog();
    const state = JSON.parse(open.dialog.state);
    const forged = JSON.stringify({ ...state, value: "something-else" });
    const response = await bot.send(submission(forged, { "arg.service": "api" }));
    expect(response.status).toBe(401);
  });
});
