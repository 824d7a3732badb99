// A generated plugin module names each file's commands and loads the file when one of them is
// first used: what the bot checks when it is made comes from what the build wrote.
import { describe, expect, it } from "vitest";
import { command } from "./command.js";
import type { CommandCatalog } from "./command-catalog.js";
import type { AlertHandler } from "../connector.js";
import type { PluginModule } from "./registry.js";
import { createCatOps } from "../bot.js";
import { createLogger, silentLogger } from "../logger.js";
import { NO_CONNECTOR } from "../engine/no-connector.js";
import { internalsOf } from "../internals.js";
import { createMemoryStore } from "../store/memory.js";
import { createTestBot } from "../testing.js";

/** A module entry as `catops build` writes it, counting how often its file is loaded. */
function lazy(file: string, commands: string, exports: Record<string, unknown>, extra = {}) {
  const loads = { count: 0 };
  const module: PluginModule = {
    file,
    commands,
    load: async () => {
      loads.count++;
      return exports;
    },
    ...extra,
  };
  return { module, loads };
}

const ops = () =>
  lazy("ops.ts", "deploy status", {
    deploy: command({
      description: "Deploy a service",
      args: { service: { required: true } },
      run: (ctx) => `Deploying ${ctx.args.service}`,
    }),
    status: () => "All green",
  });
const example = () => lazy("example.ts", "hi", { hi: () => "Meow!" });

describe("plugin files loaded on first use", () => {
  it("loads a file only when one of its commands runs, and once however often it runs", async () => {
    const a = ops();
    const b = example();
    const { text } = createTestBot([a.module, b.module]);
    expect(a.loads.count).toBe(0);
    expect(b.loads.count).toBe(0);
    expect(await text("hi")).toBe("Meow!");
    expect(b.loads.count).toBe(1);
    expect(a.loads.count).toBe(0);
    const answers = await Promise.all([text("deploy api"), text("status"), text("deploy web")]);
    expect(answers).toEqual(["Deploying api", "All green", "Deploying web"]);
    expect(await text("HI")).toBe("Meow!");
    expect([a.loads.count, b.loads.count]).toEqual([1, 1]);
  });

  it("checks a loaded command's arguments as the scan would", async () => {
    const a = ops();
    const reply = await createTestBot([a.module]).run("deploy");
    expect(reply).toMatchObject({ error: true });
    expect(reply?.text).toContain("Usage: `deploy <service>`");
  });

  it("loads every file for help and for the suggestions an unknown command gets", async () => {
    const a = ops();
    const b = example();
    const { text } = createTestBot([a.module, b.module], { builtins: false });
    expect(await text("help")).toContain("`deploy` Deploy a service");
    expect([a.loads.count, b.loads.count]).toEqual([1, 1]);
    const c = ops();
    expect(await createTestBot([c.module]).text("deplyo api")).toContain("Did you mean `deploy`?");
    const d = ops();
    expect(await createTestBot([d.module, example().module]).text("help deploy")).toContain(
      "Deploy a service",
    );
    expect(d.loads.count).toBe(1);
  });

  it("loads the file of a command confirmed with a button", async () => {
    const a = lazy("ops.ts", "restart", {
      restart: command({ confirm: true, run: () => "Restarted" }),
    });
    const { text } = createTestBot([a.module]);
    expect(await text("restart", { confirm: async () => true })).toBe("Restarted");
    expect(a.loads.count).toBe(1);
  });

  it("loads the file of a command confirmed on another instance, where nothing loaded it yet", async () => {
    const restart = () =>
      lazy("ops.ts", "restart", { restart: command({ confirm: true, run: () => "Restarted" }) });
    const store = createMemoryStore();
    const asked = await createTestBot([restart().module], { store }).run("restart");
    const confirm = asked?.buttons?.find((button) => button.action === "catops.confirm");
    expect(confirm?.value).toBeTruthy();
    const fresh = restart();
    const { bot } = createTestBot([fresh.module], { store });
    const kit = internalsOf(bot).kitFor(NO_CONNECTOR, {}, "request-2");
    const event = { command: [], user: { id: "UTEST" }, channel: { id: "CTEST" }, source: "test" };
    const reply = await kit.act({ action: "catops.confirm", value: confirm?.value }, event);
    expect(reply?.text).toBe("Restarted");
    expect(fresh.loads.count).toBe(1);
  });

  it("calls a file's functions as its compat, written by the build, says", async () => {
    const exports = { compat: "catops-v0", old: (argv: string[]) => argv.join("+") };
    const old = lazy("old.ts", "old", exports, { compat: "catops-v0" });
    const answer = await createTestBot([old.module]).text("old a b");
    expect(answer).toBe(await createTestBot({ "old.ts": exports }).text("old a b"));
    expect(answer).toBe("old+a+b");
  });

  it("checks the build's nextSteps when the bot is made, loading nothing", () => {
    const a = lazy("ops.ts", "deploy", { deploy: () => "x" }, { nextSteps: { deploy: "rollbak" } });
    expect(() => createTestBot([a.module])).toThrow(
      'command "deploy": nextStep "rollbak" names no command "rollbak"',
    );
    expect(a.loads.count).toBe(0);
  });

  it("answers a file that fails to load with the short failure message, and loads it next time", async () => {
    let fail = true;
    const lines: { msg: string; file?: string }[] = [];
    const bot = createTestBot(
      [
        {
          file: "ops.ts",
          commands: "status",
          load: async () => {
            if (fail) throw new Error("Cannot find module './chunks/ops-1234.mjs'\n    at stack");
            return { status: () => "All green" };
          },
        },
      ],
      { logger: createLogger({ write: (line) => void lines.push(JSON.parse(line)) }) },
    );
    const reply = await bot.run("status");
    expect(reply).toMatchObject({
      text: "`status` failed: could not load plugin ops.ts: Cannot find module './chunks/ops-1234.mjs'",
      error: true,
    });
    expect(lines).toContainEqual(
      expect.objectContaining({ msg: "command failed", file: "ops.ts" }),
    );
    fail = false;
    expect(await bot.text("status")).toBe("All green");
    const empty = createTestBot([
      { file: "x.ts", commands: "x", load: async () => undefined as never },
    ]);
    expect(await empty.text("x")).toBe("`x` failed: could not load plugin x.ts: it gave no module");
  });

  it("has every file loaded before an alert handler checks the commands it suggests", async () => {
    const a = ops();
    let catalog: CommandCatalog | undefined;
    const checked: (string | undefined)[] = [];
    const alerts: AlertHandler = {
      handle: async () => {
        throw new Error("not used");
      },
      receive: async () => {
        checked.push(catalog?.check("deploy api"), catalog?.check("deploy"));
      },
      bindCommands: (given) => {
        catalog = given;
      },
    };
    const { bot } = createTestBot([a.module], { alerts });
    expect(a.loads.count).toBe(0);
    await bot.alert("generic", {});
    expect(a.loads.count).toBe(1);
    expect(checked[0]).toBeUndefined();
    expect(checked[1]).toContain("<service>");
  });

  it("refuses a module that loads on first use without naming its commands", () => {
    expect(() =>
      createCatOps({ plugins: [{ file: "ops.ts", load: async () => ({}) }], logger: silentLogger }),
    ).toThrow("ops.ts loads on first use but does not name its commands: run `catops build` again");
    expect(() => createCatOps({ plugins: [{ file: "ops.ts" }], logger: silentLogger })).toThrow(
      "ops.ts has neither exports nor a load function",
    );
  });
});
