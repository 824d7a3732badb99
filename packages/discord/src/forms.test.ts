// Forms as Discord modals through the real connector: a command missing its argument answers
// with a modal (type 9), and its submission (type 5) runs or is answered with what did not fit.
import { command, type PluginModule } from "@catops/core";
import { describe, expect, it } from "vitest";
import { connectorTestBot, useRecorder } from "../../../test/support/chat.ts";
import { commandInteraction, PUBLIC_KEY, signedInteraction } from "../test/fixtures.ts";
import { createDiscordConnector } from "./create.ts";

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
        run: (ctx) =>
          `scaled ${ctx.args.service} to ${ctx.flags.replicas}${ctx.flags.force ? " (forced)" : ""}`,
      }),
    },
  },
];

function makeBot() {
  const { send } = connectorTestBot({
    plugins,
    connectors: [createDiscordConnector({ sleep: async () => {} })],
    env: { CATOPS_DISCORD_PUBLIC_KEY: PUBLIC_KEY, CATOPS_DISCORD_API_URL: `${recorder.url}/api` },
  });
  return async (interaction: unknown) =>
    (await (await send(signedInteraction(JSON.stringify(interaction)))).json()) as any;
}

/**
 * The docs' slash command interaction as a modal submit (type 5), with the documented modal
 * submit data: the modal's custom_id and its inputs' values in action rows.
 */
function modalSubmit(customId: string, values: Record<string, string>) {
  const base = commandInteraction(undefined);
  return {
    ...base,
    type: 5,
    data: {
      custom_id: customId,
      components: Object.entries(values).map(([id, value]) => ({
        type: 1,
        components: [{ type: 4, custom_id: id, value }],
      })),
    },
  };
}

describe("forms as Discord modals", () => {
  it("answers a command missing its argument with a modal of text inputs", async () => {
    const body = await makeBot()(commandInteraction("scale"));
    expect(body.type).toBe(9);
    expect(body.data.custom_id).toBe("catops.form:scale");
    const inputs = body.data.components.map((row: any) => row.components[0]);
    expect(inputs.map((i: any) => [i.custom_id, i.required, i.placeholder, i.value])).toEqual([
      ["arg.service", true, undefined, undefined],
      ["flag.replicas", false, "a number", "2"],
      ["flag.env", false, "staging | prod", undefined],
      ["flag.force", false, "yes or no", undefined],
    ]);
  });

  it("runs a submission and answers in the channel", async () => {
    const body = await makeBot()(
      modalSubmit("catops.form:scale", {
        "arg.service": "api",
        "flag.replicas": "3",
        "flag.force": "yes",
      }),
    );
    expect(body).toMatchObject({ type: 4, data: { content: "scaled api to 3 (forced)" } });
  });

  it("answers values that do not fit only to their user, and runs nothing", async () => {
    const body = await makeBot()(
      modalSubmit("catops.form:scale", { "arg.service": "api", "flag.env": "qa" }),
    );
    expect(body.type).toBe(4);
    expect(body.data.flags).toBe(64);
    expect(body.data.content).toContain("env: Must be one of staging, prod.");
  });

  it("acknowledges a modal it did not open", async () => {
    expect(await makeBot()(modalSubmit("someone.else", {}))).toEqual({ type: 6 });
  });
});
