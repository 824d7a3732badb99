// Natural command formats through the dispatcher: the same args as the positional form, quote
// aware, checked when the bot is created.
import { describe, expect, it } from "vitest";
import { createCatOps } from "../bot.js";
import { command } from "./command.js";
import { silentLogger } from "../logger.js";
import type { CommandDefinition } from "../types.js";

function botWith(definitions: Record<string, CommandDefinition>) {
  const exports: Record<string, unknown> = {};
  for (const [name, definition] of Object.entries(definitions)) exports[name] = command(definition);
  return createCatOps({ logger: silentLogger, plugins: [{ file: "ops.ts", exports }] });
}

const deploy: CommandDefinition = {
  args: { service: { required: true }, region: { default: "eu" } },
  flags: {
    env: { choices: ["staging", "prod"], default: "staging" },
    force: { type: "boolean" },
  },
  formats: [
    "deploy {service} to {env}",
    "ship {service}",
    { format: "hotfix {service}", defaults: { env: "prod", force: true } },
  ],
  run: (ctx) => JSON.stringify({ args: ctx.args, flags: ctx.flags, argv: ctx.argv }),
};

describe("command formats", () => {
  const bot = botWith({ deploy });
  const run = async (text: string) => {
    const reply = await bot.dispatch({ command: [], text, user: { id: "U1" } });
    if (reply?.error) return reply.text;
    return JSON.parse(reply?.text ?? "{}") as { args: unknown; flags: unknown; argv: string[] };
  };

  it("parses a natural format to the same args as the positional form", async () => {
    const natural = await run("deploy api to prod");
    const positional = await run("deploy api --env prod");
    expect(natural).toMatchObject({
      args: { service: "api" },
      flags: { env: "prod", force: false },
    });
    expect((natural as { args: unknown }).args).toEqual((positional as { args: unknown }).args);
    expect((natural as { flags: unknown }).flags).toEqual((positional as { flags: unknown }).flags);
    expect(await run("DEPLOY api TO prod --force")).toMatchObject({ flags: { force: true } });
  });

  it("fills what a format leaves out from its defaults, else the command's", async () => {
    expect(await run("ship web")).toMatchObject({
      args: { service: "web", region: "eu" },
      flags: { env: "staging", force: false },
    });
    expect(await run("hotfix web")).toMatchObject({ flags: { env: "prod", force: true } });
  });

  it("is quote-aware and never evaluates what it reads", async () => {
    expect(await run('deploy "my api" to prod')).toMatchObject({ args: { service: "my api" } });
    const template = ["$", "{process.exit(1)}"].join("");
    expect(await run(`ship ${template}`)).toMatchObject({ args: { service: template } });
    expect(await run('ship "`rm -rf /`"')).toMatchObject({ args: { service: "`rm -rf /`" } });
    // Unquoted, `-rf` reads as a flag, as it would in the positional form.
    expect(await run("ship `rm -rf /`")).toContain("unknown flag --rf");
  });

  it("checks values as the positional form does", async () => {
    expect(await run("deploy api to moon")).toContain(
      '--env must be one of staging, prod (got "moon")',
    );
    // A line no format reads is the positional form, with its own errors.
    expect(await run("deploy api to prod now")).toContain("unexpected arguments: prod now");
  });

  it("shows its formats in help", async () => {
    const help = await bot.dispatch({ command: ["help", "deploy"] });
    expect(help?.text).toContain(
      "Also: `deploy {service} to {env}`, `ship {service}`, `hotfix {service}`",
    );
  });
});

describe("command formats checked at creation", () => {
  const run = () => "ok";
  it("refuses two formats that can read the same line, naming both", () => {
    expect(() =>
      botWith({
        deploy: { args: { service: {} }, formats: ["ship {service} now"], run },
        restart: { args: { what: {} }, formats: ["ship web {what}"], run },
      }),
    ).toThrow(
      'formats "ship {service} now" (command "deploy") and "ship web {what}" (command "restart") can read the same line',
    );
  });

  it("refuses a format that starts with another command's name", () => {
    expect(() =>
      botWith({
        deploy: { args: { service: {} }, formats: ["restart {service}"], run },
        restart: { run },
      }),
    ).toThrow('format "restart {service}" of command "deploy" starts with "restart"');
  });

  it("refuses a parameter it does not take, and a required one left without a value", () => {
    expect(() =>
      botWith({ deploy: { args: { service: {} }, formats: ["ship {srv}"], run } }),
    ).toThrow("names {srv}, which is not one of its args or flags");
    expect(() =>
      botWith({
        deploy: {
          args: { service: { required: true }, env: {} },
          formats: ["ship to {env}"],
          run,
        },
      }),
    ).toThrow('format "ship to {env}" of command "deploy" leaves <service> without a value');
  });

  it("lets formats that differ in a word, or in length, stand together", () => {
    const bot = botWith({
      deploy: { args: { service: {} }, formats: ["ship {service} now", "ship {service}"], run },
      restart: { args: { what: {} }, formats: ["ship {what} later"], run },
    });
    expect(bot.commands.size).toBeGreaterThan(2);
  });
});
