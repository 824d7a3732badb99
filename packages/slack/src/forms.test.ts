// Forms as modals and the Home tab, through the real connector over HTTP, with Slack's Web API
// played by a loopback recorder.
import { command, type PluginModule } from "@catops/core";
import { describe, expect, it } from "vitest";
import { connectorTestBot, useRecorder } from "../../../test/support/chat.ts";
import { fixtureJson, signedRequest, slashCommandBody } from "../test/fixtures.ts";
import { createSlackConnector } from "./connector.ts";

const SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
const TOKEN = "xoxb-forms-test-token";
const recorder = useRecorder();

const plugins: PluginModule[] = [
  {
    file: "ops.ts",
    exports: {
      deploy: command({
        description: "Deploy a <service>",
        args: { service: { required: true } },
        flags: {
          env: { choices: ["staging", "prod"], default: "staging" },
          replicas: { type: "number" },
          force: { type: "boolean" },
        },
        allow: { users: ["U2147483697"] },
        run: (ctx) =>
          `Deploying ${ctx.args.service} to ${ctx.flags.env} x${ctx.flags.replicas ?? 1}`,
      }),
      status: command({ description: "Show status", run: () => "all good" }),
    },
  },
];

function makeBot() {
  return connectorTestBot({
    plugins,
    connectors: [createSlackConnector({ sleep: async () => {} })],
    env: {
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_BOT_TOKEN: TOKEN,
      CATOPS_SLACK_API_URL: `${recorder.url}/api`,
    },
  });
}

const calls = (method: string) => recorder.requests.filter((r) => r.path === `/api/${method}`);

/** Slack's docs' view_submission, carrying what the modal CatOps opened would send back. */
function submissionBody(view: { private_metadata: string }, values: Record<string, unknown>) {
  const { payload } = fixtureJson("socket-mode-interactive-view-submission.envelope.json");
  payload.user = { id: "U2147483697", username: "alice", team_id: "T123ABC456" };
  payload.team = { id: "T123ABC456", domain: "example" };
  payload.view.callback_id = "catops.form";
  payload.view.private_metadata = view.private_metadata;
  payload.view.state.values = values;
  return `payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

async function openDeployForm() {
  const bot = makeBot();
  const body = slashCommandBody({ text: "deploy", user_id: "U2147483697" });
  const response = await bot.send(signedRequest(SECRET, body));
  return { bot, response };
}

describe("forms as Slack modals", () => {
  it("opens a modal with views.open when a slash command lacks its required argument", async () => {
    const { response } = await openDeployForm();
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("");
    const [open] = calls("views.open");
    expect(open?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(open?.json.trigger_id).toMatch(/\S/);
    const view = open?.json.view;
    expect(view).toMatchObject({ type: "modal", callback_id: "catops.form" });
    expect(view.blocks.map((b: any) => [b.block_id, b.element.type, b.optional])).toEqual([
      ["arg.service", "plain_text_input", false],
      ["flag.env", "static_select", true],
      ["flag.replicas", "number_input", true],
      ["flag.force", "checkboxes", true],
    ]);
    expect(view.blocks[1].element.initial_option.value).toBe("staging");
  });

  it("answers the usage text when the modal cannot open", async () => {
    recorder.respondWith("/api/views.open", {
      status: 200,
      body: JSON.stringify({ ok: false, error: "expired_trigger_id" }),
    });
    const { response } = await openDeployForm();
    const message = await response.json();
    expect(message.text).toContain("Usage: `deploy &lt;service&gt;");
    const button = message.blocks.at(-1).elements[0];
    expect(button).toMatchObject({ action_id: "catops.form", value: "deploy" });
  });

  it("answers invalid values inline with response_action errors, and runs nothing", async () => {
    const { bot } = await openDeployForm();
    const view = calls("views.open")[0]!.json.view;
    const response = await bot.send(
      signedRequest(
        SECRET,
        submissionBody(view, {
          "arg.service": { value: { type: "plain_text_input", value: "api" } },
          "flag.replicas": { value: { type: "number_input", value: "three" } },
        }),
      ),
    );
    expect(await response.json()).toEqual({
      response_action: "errors",
      errors: { "flag.replicas": "Must be a number." },
    });
    await bot.settle();
    expect(calls("chat.postMessage")).toHaveLength(0);
  });

  it("runs a valid submission and posts the result where the form was opened", async () => {
    const { bot } = await openDeployForm();
    const view = calls("views.open")[0]!.json.view;
    const response = await bot.send(
      signedRequest(
        SECRET,
        submissionBody(view, {
          "arg.service": { value: { type: "plain_text_input", value: "api" } },
          "flag.env": { value: { type: "static_select", selected_option: { value: "prod" } } },
          "flag.replicas": { value: { type: "number_input", value: "3" } },
          "flag.force": { value: { type: "checkboxes", selected_options: [] } },
        }),
      ),
    );
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("");
    await bot.settle();
    const [posted] = calls("chat.postMessage");
    expect(posted?.json.text).toBe("Deploying api to prod x3");
    expect(posted?.json.channel).toBe(JSON.parse(view.private_metadata).channel);
  });

  it("refuses a submission from someone the command's rule does not admit", async () => {
    const { bot } = await openDeployForm();
    const view = calls("views.open")[0]!.json.view;
    const body = submissionBody(view, {
      "arg.service": { value: { type: "plain_text_input", value: "api" } },
    }).replace("U2147483697", "U0INTRUDER");
    await bot.send(signedRequest(SECRET, body));
    await bot.settle();
    // Only the person who submitted sees the refusal.
    const [refusal] = calls("chat.postEphemeral");
    expect(refusal?.json).toMatchObject({ user: "U0INTRUDER" });
    expect(refusal?.json.text).toContain("not allowed to run `deploy`");
    expect(calls("chat.postMessage")).toHaveLength(0);
  });
});

describe("the Home tab", () => {
  function homeOpenedBody(user: string) {
    const { payload } = fixtureJson("socket-mode-events-api-app-home-opened.envelope.json");
    return JSON.stringify({
      type: "event_callback",
      team_id: "T123ABC456",
      event_id: `Ev-home-${user}`,
      event: { ...payload, user },
    });
  }

  it("publishes the commands the viewer may run, each with its button", async () => {
    const bot = makeBot();
    await bot.send(
      signedRequest(SECRET, homeOpenedBody("U0INTRUDER"), { contentType: "application/json" }),
    );
    await bot.send(
      signedRequest(SECRET, homeOpenedBody("U2147483697"), { contentType: "application/json" }),
    );
    await bot.settle();
    const published = calls("views.publish");
    expect(published.map((p) => p.json.user_id)).toEqual(["U0INTRUDER", "U2147483697"]);
    const texts = (i: number) =>
      published[i]!.json.view.blocks.filter((b: any) => b.type === "section").map(
        (b: any) => b.text.text,
      );
    expect(texts(0).some((t: string) => t.includes("`deploy`"))).toBe(false);
    const deploy = published[1]!.json.view.blocks.find((b: any) =>
      b.text?.text?.includes("`deploy`"),
    );
    expect(deploy.text.text).toBe("`deploy` Deploy a &lt;service&gt;");
    expect(deploy.accessory).toMatchObject({ action_id: "catops.form", value: "deploy" });
    expect(published[1]!.json.view.type).toBe("home");
  });
});
