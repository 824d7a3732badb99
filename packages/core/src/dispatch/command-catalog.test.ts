import { describe, expect, it } from "vitest";
import { createCatOps } from "../bot.js";
import { command } from "./command.js";
import type { CommandCatalog } from "./command-catalog.js";
import { createTestBot } from "../testing.js";

const plugins = {
  "ops.ts": {
    deploy: command({
      args: { service: { required: true } },
      flags: { env: { choices: ["staging", "prod"] } },
      run: ({ args, flags }) => `deploying ${args.service} to ${flags.env ?? "staging"}`,
    }),
    scale: command({ args: { to: { type: "number", required: true } }, run: () => "ok" }),
  },
};

describe("the command catalog an alert handler is given", () => {
  it("names plugin commands and checks a line's arguments", () => {
    let catalog: CommandCatalog | undefined;
    createCatOps({
      plugins: [{ file: "ops.ts", exports: plugins["ops.ts"] }],
      alerts: {
        handle: async () => new Response(null),
        receive: async () => {},
        bindCommands: (given) => {
          catalog = given;
        },
      },
    });
    expect(catalog?.names.has("deploy")).toBe(true);
    expect(catalog?.names.has("dpeloy")).toBe(false);
    expect(catalog?.check('deploy "api; rm -rf /" --env prod')).toBeUndefined();
    expect(catalog?.check("deploy api --env moon")).toMatch(/moon/);
    expect(catalog?.check("scale lots")).toMatch(/number/);
    expect(catalog?.check("dpeloy api")).toBe('unknown command "dpeloy"');
    expect(catalog?.check('deploy "api')).toMatch(/unclosed quote/);
  });

  it("answers has from the bot's table, and lists every command's name when asked", () => {
    let catalog: CommandCatalog | undefined;
    const bot = createCatOps({
      plugins: [{ file: "ops.ts", commands: "deploy scale", load: async () => plugins["ops.ts"] }],
      alerts: {
        handle: async () => new Response(null),
        receive: async () => {},
        bindCommands: (given) => {
          catalog = given;
        },
      },
    });
    expect(catalog!.has("scale")).toBe(true);
    expect(catalog!.has("jobs")).toBe(true);
    expect(catalog!.has("sacle")).toBe(false);
    const all = [...bot.commands.keys()];
    expect(all).toEqual(expect.arrayContaining(["deploy", "scale", "jobs", "cancel"]));
    expect([...catalog!.names]).toEqual(all);
    expect(catalog!.names).toBe(catalog!.names);
  });

  it("refuses a command whose next step names no command, when the bot is made", () => {
    expect(() =>
      createCatOps({ commands: [{ name: "migrate", nextStep: "rollbak api", run: () => "" }] }),
    ).toThrow('command "migrate": nextStep "rollbak api" names no command "rollbak"');
  });

  it("checks a plugin command's next step too, before its command is first used", () => {
    const plugin = (nextStep: string) => ({
      file: "db.ts",
      exports: {
        migrate: command({ description: "Runs the migrations", nextStep, run: () => "" }),
        rollback: command({ run: () => "" }),
      },
    });
    expect(() => createCatOps({ plugins: [plugin("rollbak api")] })).toThrow(
      'command "migrate": nextStep "rollbak api" names no command "rollbak"',
    );
    expect(createCatOps({ plugins: [plugin("rollback api")] }).commands.has("migrate")).toBe(true);
  });
});

describe("did you mean", () => {
  it("offers the corrected command, with what was typed after it, as a button", async () => {
    const { run } = createTestBot(plugins);
    const reply = await run('dpeloy "my api" --env prod');
    expect(reply?.text).toContain("Did you mean `deploy`?");
    expect(reply?.buttons).toEqual([
      { text: 'deploy "my api" --env prod', command: 'deploy "my api" --env prod' },
    ]);
    expect((await run(reply!.buttons![0]!.command!))?.text).toBe("deploying my api to prod");
  });
});
