// The same plugins folder loads two ways, by scanning it (Node) and through the generated static
// module (bundled targets), and both give the same command table, the generated one once its
// files are loaded (it loads each on first use, but for small ones and those checked when the
// bot is made).
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createAlerts } from "@catops/alerts";
import {
  type Command,
  type CommandTable,
  commandsFromModules,
  type PluginModule,
} from "@catops/core";
import { createTestBot } from "@catops/core/testing";
import { generatePluginModule, loadPluginDirectory } from "@catops/node";
import { afterAll, describe, expect, it } from "vitest";

const here = fileURLToPath(new URL(".", import.meta.url));
const examples = join(here, "..", "examples", "plugins");
const fixtures = join(here, "fixtures");
const generatedDir = join(here, ".catops");
afterAll(() => rmSync(generatedDir, { recursive: true, force: true }));

let generated = 0;
/** Generates the static module for `dir` and imports it, as a bundler would. */
async function loadStatic(
  dir: string,
  options: { smallFilesWithBot?: boolean } = {},
): Promise<{ text: string; modules: PluginModule[] }> {
  mkdirSync(generatedDir, { recursive: true });
  const outFile = join(generatedDir, `plugins-${process.pid}-${generated++}.generated.ts`);
  const text = await generatePluginModule(dir, { outFile, ...options });
  const module = (await import(outFile)) as { plugins: PluginModule[] };
  return { text, modules: module.plugins };
}

/** The table of generated modules with every file loaded, as after each command's first use. */
async function loadedTable(
  modules: readonly PluginModule[],
  options?: Parameters<typeof commandsFromModules>[1],
): Promise<CommandTable> {
  const table = commandsFromModules(modules, options);
  await table.load();
  return table;
}

/** What a command table says about each command: everything but the function. */
function describeTable(table: Map<string, Command>) {
  return [...table.values()].map(({ run, ...rest }) => ({ ...rest, runs: typeof run }));
}

describe("examples/plugins loads the same both ways", () => {
  it("gives identical command tables: names, files, descriptions, args and flags", async () => {
    const scanned = await loadPluginDirectory(examples);
    const { text, modules } = await loadStatic(examples);
    expect(modules.map((m) => m.file)).toEqual(scanned.map((m) => m.file));
    // The generated module names each file's commands, so the bot registers them unread, and
    // loads a file on first use unless the bot checks it when made (ops.ts has formats) or it
    // is small and imports no other package (example.ts).
    expect(text).toContain('import * as m0 from "../../examples/plugins/example.ts";');
    expect(text).toContain('{ file: "example.ts", commands: "hi", exports: m0 }');
    expect(text).toContain('import * as m1 from "../../examples/plugins/ops.ts";');
    expect(text).toContain('{ file: "ops.ts", commands: "check deploy echo whoami", exports: m1 }');
    expect(modules.every((m) => typeof m.commands === "string")).toBe(true);
    expect(scanned.some((m) => m.commands !== undefined)).toBe(false);

    const fromScan = commandsFromModules(scanned);
    const fromStatic = await loadedTable(modules);
    expect(describeTable(fromStatic)).toEqual(describeTable(fromScan));
    expect([...fromScan.keys()].sort()).toEqual(["check", "deploy", "echo", "hi", "whoami"]);
    expect(fromScan.get("hi")?.file).toBe("example.ts");
    expect(fromScan.get("deploy")).toMatchObject({
      file: "ops.ts",
      description: "Deploy a service to an environment",
      args: { service: { required: true } },
      flags: { env: { choices: ["staging", "prod"], default: "staging", short: "e" } },
      confirm: true,
      defer: true,
    });
  });

  it("leaves the private _helpers.ts file out of both", async () => {
    const scanned = await loadPluginDirectory(examples);
    const { text } = await loadStatic(examples);
    expect(scanned.map((m) => m.file)).not.toContain("_helpers.ts");
    expect(text).not.toContain("_helpers");
  });

  it("answers the same through either table", async () => {
    // With alerts, as the examples deploy: their schedules run the rota's `oncall`.
    const options = { aliases: ["meow"], alerts: createAlerts() };
    const scanned = createTestBot(await loadPluginDirectory(examples), options);
    const bundled = createTestBot((await loadStatic(examples)).modules, options);
    expect([...bundled.bot.schedules.keys()]).toEqual([...scanned.bot.schedules.keys()]);
    expect([...scanned.bot.schedules.keys()]).toEqual([
      "rota-handoff",
      "alert-escalation",
      "daily-check",
    ]);
    for (const line of ["hi", "meow hi", "echo one two", "help deploy", "deploy", "hepl"]) {
      expect(await bundled.run(line)).toEqual(await scanned.run(line));
    }
    expect(await scanned.text("meow hi")).toBe("Meow!");
  });
});

describe("a folder with sub-folders loads the same both ways", () => {
  const original = join(here, "compat", "plugins");

  it("takes one level of sub-folders and leaves private (_) folders out, either way", async () => {
    const scanned = await loadPluginDirectory(original);
    // Every file on first use, to see the paths the module writes for them.
    const { text, modules } = await loadStatic(original, { smallFilesWithBot: false });
    expect(scanned.map((m) => m.file)).toEqual([
      "animals/cat.ts",
      "animals/dog.ts",
      "example.ts",
      "nested.ts",
    ]);
    expect(modules.map((m) => m.file)).toEqual(scanned.map((m) => m.file));
    expect(text).toContain('load: () => import("../compat/plugins/animals/cat.ts")');
    expect(text).not.toContain("_lib");
    expect(describeTable(await loadedTable(modules))).toEqual(
      describeTable(commandsFromModules(scanned)),
    );
  });

  it("answers the same through either table, compat functions included", async () => {
    const scanned = createTestBot(await loadPluginDirectory(original));
    const bundled = createTestBot((await loadStatic(original)).modules);
    for (const line of ["ping", "nested add milk", "echo a b", "status", "meow", "dgo"]) {
      expect(await bundled.run(line)).toEqual(await scanned.run(line));
    }
    expect(await scanned.text("nested add milk")).toBe("Added milk");
  });
});

describe("loading rules on fixture folders", () => {
  it("refuses two files exporting the same name, naming both files, either way", async () => {
    const dir = join(fixtures, "plugins-dup");
    const expected = 'two commands are named "restart": one in alpha.ts, one in beta.ts';
    expect(() => commandsFromModules([])).not.toThrow();
    const scanned = await loadPluginDirectory(dir);
    expect(() => commandsFromModules(scanned)).toThrow(expected);
    // `catops build` writes no module for them.
    await expect(loadStatic(dir)).rejects.toThrow(expected);
    // A module written by hand that names one command in two files loaded on first use: the
    // bot refuses it when it looks the name up or reads the whole table, and loads neither file.
    const loads: string[] = [];
    const lazy = ["alpha.ts", "beta.ts"].map((file) => ({
      file,
      commands: file === "alpha.ts" ? "restart status" : "deploy restart",
      load: async () => {
        loads.push(file);
        return {};
      },
    }));
    expect(() => commandsFromModules(lazy).has("restart")).toThrow(expected);
    expect(() => commandsFromModules(lazy).get("restart")).toThrow(expected);
    expect(() => commandsFromModules(lazy).size).toThrow(expected);
    expect(() => [...commandsFromModules(lazy).keys()]).toThrow(expected);
    expect(commandsFromModules(lazy).has("status")).toBe(true);
    expect(loads).toEqual([]);
  });

  it("keeps private files and exports out", async () => {
    const dir = join(fixtures, "plugins-private");
    const scanned = commandsFromModules(await loadPluginDirectory(dir));
    const bundled = await loadedTable((await loadStatic(dir)).modules);
    expect([...scanned.keys()].sort()).toEqual(["deploy", "ping"]);
    expect(describeTable(bundled)).toEqual(describeTable(scanned));
  });

  it("loads only the allow-listed commands, either way", async () => {
    const dir = join(fixtures, "plugins-private");
    const viaScan = await loadPluginDirectory(dir, { only: ["ping", "hidden", "_reset"] });
    expect([...commandsFromModules(viaScan).keys()]).toEqual(["ping"]);
    const viaCore = commandsFromModules((await loadStatic(dir)).modules, { only: ["ping"] });
    expect([...viaCore.keys()]).toEqual(["ping"]);
  });

  it("lets an allow-list resolve a duplicate by leaving one out", async () => {
    const modules = await loadPluginDirectory(join(fixtures, "plugins-dup"), { only: ["status"] });
    expect([...commandsFromModules(modules).keys()]).toEqual(["status"]);
  });
});

describe("a generated module loads each file on first use", () => {
  let folders = 0;
  /** A plugins folder beside the generated modules, so its files import @catops/core. */
  function pluginsFolder(files: Record<string, string>): string {
    const dir = join(generatedDir, `folder-${process.pid}-${folders++}`);
    mkdirSync(dir, { recursive: true });
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    return dir;
  }
  const counted = (key: string, body: string) =>
    `const loads = (globalThis as any).catopsLoads ??= {};\nloads["${key}"] = (loads["${key}"] ?? 0) + 1;\n${body}`;
  const loadsOf = () => (globalThis as { catopsLoads?: Record<string, number> }).catopsLoads ?? {};

  it("imports a plugin file when one of its commands first runs, and once", async () => {
    const key = `first-use-${process.pid}`;
    const dir = pluginsFolder({
      "a.ts": counted(`${key}-a`, "export function hi() { return 'Meow!'; }\n"),
      "b.ts": counted(`${key}-b`, "export function bye() { return 'Bye'; }\n"),
    });
    // Small files would be imported with the module: here every file waits for first use.
    const { text, modules } = await loadStatic(dir, { smallFilesWithBot: false });
    expect(text).not.toContain("import * as");
    // The build imported each file once, in its own module scope.
    const built = { ...loadsOf() };
    expect([built[`${key}-a`], built[`${key}-b`]]).toEqual([1, 1]);
    const { run } = createTestBot(modules);
    expect(loadsOf()[`${key}-a`]).toBe(1);
    await Promise.all([run("hi"), run("hi")]);
    expect((await run("hi"))?.text).toBe("Meow!");
    expect(loadsOf()[`${key}-a`]).toBe(2);
    expect(loadsOf()[`${key}-b`]).toBe(1);
  });

  it("stops the bot's creation on a nextStep naming no command, without importing its file", async () => {
    const key = `next-step-${process.pid}`;
    const dir = pluginsFolder({
      "ops.ts": counted(
        key,
        'import { command } from "@catops/core";\nexport const deploy = command({ nextStep: "rollbak", run: () => "x" });\n',
      ),
    });
    const { modules } = await loadStatic(dir, { smallFilesWithBot: false });
    expect(() => createTestBot(modules)).toThrow(
      'command "deploy": nextStep "rollbak" names no command "rollbak"',
    );
    expect(loadsOf()[key]).toBe(1); // the build's own import, none since
  });

  it("stops the bot's creation on two formats that read the same line", async () => {
    const ship = (name: string) =>
      `import { command } from "@catops/core";\nexport const ${name} = command({ args: { service: {} }, formats: ["ship {service}"], run: () => "x" });\n`;
    const { modules } = await loadStatic(
      pluginsFolder({ "a.ts": ship("one"), "b.ts": ship("two") }),
    );
    expect(() => createTestBot(modules)).toThrow(
      'formats "ship {service}" (command "one") and "ship {service}" (command "two") can read the same line',
    );
  });

  it("stops the bot's creation on a schedule that cannot run", async () => {
    const dir = pluginsFolder({
      "rota.ts":
        'export const schedules = [{ name: "daily", schedule: "every fortnight", channel: "C1", run: "hi" }];\nexport function hi() { return "x"; }\n',
    });
    const { modules } = await loadStatic(dir);
    expect(() => createTestBot(modules)).toThrow('schedule "daily"');
  });
});
