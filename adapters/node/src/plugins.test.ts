import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { commandsFromModules, PluginError } from "@catops/core";
import { afterAll, describe, expect, it } from "vitest";
import { generatePluginModule, listPluginFiles, loadPluginDirectory } from "./plugins.js";

const root = mkdtempSync(join(tmpdir(), "catops-plugins-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let folders = 0;
/** A fresh plugins folder with the given files. */
function folder(files: Record<string, string>): string {
  const dir = join(root, `p${folders++}`);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, ".."), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  mkdirSync(dir, { recursive: true });
  return dir;
}

const mixed = () =>
  folder({
    "typed.ts":
      "interface Who { name: string }\nexport function hi(who?: Who): string { return 'hi ' + (who?.name ?? 'there'); }\n",
    "plain.js": "export function js() { return 'from js'; }\n",
    "module.mjs": "export const mjs = () => 'from mjs';\n",
    "typed.mts": "export const mts = (): string => 'from mts';\n",
    "_private.ts": "export function secret() { return 'no'; }\n",
    "typed.test.ts": "export function fromTest() { return 'no'; }\n",
    "typed.spec.ts": "export function fromSpec() { return 'no'; }\n",
    "types.d.ts": "export declare function declared(): string;\n",
    "notes.md": "# not code\n",
    "data.json": "{}\n",
    "nested/deep.ts": "export function deep() { return 'one level down'; }\n",
    "nested/_own.ts": "export function own() { return 'no'; }\n",
    "nested/deeper/far.ts": "export function far() { return 'no'; }\n",
    "_private/hidden.ts": "export function hidden() { return 'no'; }\n",
    "node_modules/dep.js": "export function dep() { return 'no'; }\n",
  });

describe("listPluginFiles", () => {
  it("lists .ts, .mts, .js and .mjs files at the top and one folder down, sorted, without private, test and .d.ts files", async () => {
    expect(await listPluginFiles(mixed())).toEqual([
      "module.mjs",
      "nested/deep.ts",
      "plain.js",
      "typed.mts",
      "typed.ts",
    ]);
  });

  it("says clearly when the folder is missing or not a folder", async () => {
    const missing = join(root, "nowhere");
    await expect(listPluginFiles(missing)).rejects.toThrow(`plugins folder not found: ${missing}`);
    await expect(listPluginFiles(missing)).rejects.toBeInstanceOf(PluginError);
    const file = join(mixed(), "plain.js");
    await expect(listPluginFiles(file)).rejects.toThrow("plugins folder is not a directory");
  });
});

describe("loadPluginDirectory", () => {
  it("imports TypeScript and JavaScript plugins and names each by its file", async () => {
    const modules = await loadPluginDirectory(mixed());
    expect(modules.map((m) => m.file)).toEqual([
      "module.mjs",
      "nested/deep.ts",
      "plain.js",
      "typed.mts",
      "typed.ts",
    ]);
    const table = commandsFromModules(modules);
    expect([...table.keys()].sort()).toEqual(["deep", "hi", "js", "mjs", "mts"]);
    expect(table.get("deep")?.file).toBe("nested/deep.ts");
    expect(await table.get("hi")?.run({ argv: [] } as never)).toBe("hi there");
  });

  it("keeps a file's `compat` export through an allow-list, so its functions keep their signature", async () => {
    const dir = folder({
      "old.ts":
        'export const compat = "catops-v0";\nexport function ping(argv: string[]) { return argv.join(" "); }\n',
    });
    const modules = await loadPluginDirectory(dir, { only: ["ping"] });
    expect(modules[0]?.exports?.compat).toBe("catops-v0");
    const ping = commandsFromModules(modules).get("ping");
    expect(await ping?.run({ argv: ["a"], event: { command: ["ping", "a"] } } as never)).toEqual({
      text: "ping a",
      raw: true,
      markup: "mrkdwn",
    });
  });

  it("keeps only the allow-listed exports with `only`", async () => {
    const dir = mixed();
    const modules = await loadPluginDirectory(dir, { only: ["hi", "mjs"] });
    expect([...commandsFromModules(modules).keys()].sort()).toEqual(["hi", "mjs"]);
    const full = await loadPluginDirectory(dir);
    expect([...commandsFromModules(full, { only: ["hi", "mjs"] }).keys()].sort()).toEqual([
      "hi",
      "mjs",
    ]);
  });

  it("names the file and the reason when a plugin has a syntax error", async () => {
    const dir = folder({
      "ok.ts": "export const a = () => 1;\n",
      "broken.ts": "export function (\n",
    });
    const error = await loadPluginDirectory(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PluginError);
    expect((error as Error).message).toBe(
      `could not load plugin ${join(dir, "broken.ts")}: line 1, column 16: Expected identifier but found "("`,
    );
  });

  it("names the file and the missing module when an import fails", async () => {
    const dir = folder({
      "needs.ts": 'import { x } from "catops-no-such-package";\nexport const y = () => x;\n',
    });
    await expect(loadPluginDirectory(dir)).rejects.toThrow(
      new RegExp(
        `could not load plugin ${escapeRegExp(join(dir, "needs.ts"))}: .*catops-no-such-package`,
      ),
    );
  });

  it("names the file when a plugin throws while loading", async () => {
    const dir = folder({
      "throws.ts": 'throw new Error("missing CATOPS_API_URL\\nsecond line");\n',
    });
    await expect(loadPluginDirectory(dir)).rejects.toThrow(
      `could not load plugin ${join(dir, "throws.ts")}: missing CATOPS_API_URL`,
    );
  });

  it("reuses loaded modules, and imports everything again with `fresh`", async () => {
    const dir = folder({
      "package.json": '{ "type": "module" }\n',
      "a.ts": 'import { version } from "./_dep.ts";\nexport const v = () => version;\n',
      "_dep.ts": 'export const version = "one";\n',
    });
    const versionOf = async (options?: { fresh?: boolean }) => {
      const table = commandsFromModules(await loadPluginDirectory(dir, options));
      return table.get("v")?.run({ argv: [] } as never);
    };
    expect(await versionOf()).toBe("one");
    writeFileSync(join(dir, "_dep.ts"), 'export const version = "two";\n');
    expect(await versionOf()).toBe("one");
    expect(await versionOf({ fresh: true })).toBe("two");
    writeFileSync(join(dir, "_dep.ts"), 'export const version = "three";\n');
    expect(await versionOf({ fresh: true })).toBe("three");
    writeFileSync(join(dir, "_dep.ts"), "export const version = ;\n");
    await expect(versionOf({ fresh: true })).rejects.toThrow(join(dir, "_dep.ts"));
  });

  it("gives an empty list for an empty folder", async () => {
    expect(await loadPluginDirectory(folder({}))).toEqual([]);
  });
});

describe("generatePluginModule", () => {
  it("writes the same files, relative to the output file, each loaded on first use, with their command names", async () => {
    const dir = mixed();
    const outFile = join(dir, "..", "out", "plugins.generated.ts");
    const name = dir.split(/[\\/]/).pop();
    const text = await generatePluginModule(dir, { outFile, smallFilesWithBot: false });
    expect(readFileSync(outFile, "utf8")).toBe(text);
    const load = (file: string) => `load: () => import("../${name}/${file}")`;
    expect(text).toBe(
      [
        "// Generated by `catops build` from the plugins folder. Do not edit: run it again.",
        "// Each file loads when one of its commands is first used; those the bot checks when it is",
        "// made (schedules, formats), and small ones that import no other package, are imported",
        "// with this module.",
        "",
        "export const plugins = [",
        `  { file: "module.mjs", commands: "mjs", ${load("module.mjs")} },`,
        `  { file: "nested/deep.ts", commands: "deep", ${load("nested/deep.ts")} },`,
        `  { file: "plain.js", commands: "js", ${load("plain.js")} },`,
        `  { file: "typed.mts", commands: "mts", ${load("typed.mts")} },`,
        `  { file: "typed.ts", commands: "hi", ${load("typed.ts")} },`,
        "];",
        "",
      ].join("\n"),
    );
  });

  it("imports with the module the files the bot checks when made, and writes compat and nextSteps", async () => {
    const dir = folder({
      "formats.ts":
        "export const ship = { run: () => 'x', formats: ['ship {service}'], args: { service: {} } };\n" +
        "Object.defineProperty(ship, Symbol.for('catops.command'), { value: true });\n",
      "old.ts": "export const compat = 'catops-v0';\nexport function old() { return 'x'; }\n",
      "rota.ts": "export const schedules = [];\n",
      "steps.ts":
        "export function deploy() { return 'x'; }\ndeploy.nextStep = 'rollback';\nexport function rollback() { return 'y'; }\n",
    });
    const text = await generatePluginModule(dir, {
      outFile: join(dir, "gen.ts"),
      smallFilesWithBot: false,
    });
    expect(text).toContain('import * as m0 from "./formats.ts";');
    expect(text).toContain('import * as m2 from "./rota.ts";');
    expect(text).toContain('{ file: "formats.ts", commands: "ship", exports: m0 },');
    expect(text).toContain(
      '{ file: "old.ts", commands: "old", compat: "catops-v0", load: () => import("./old.ts") },',
    );
    expect(text).toContain('{ file: "rota.ts", commands: "", exports: m2 },');
    expect(text).toContain(
      '{ file: "steps.ts", commands: "deploy rollback", nextSteps: {"deploy":"rollback"}, load: () => import("./steps.ts") },',
    );
  });

  it("imports small files that import no other package with the module, the rest on first use", async () => {
    const dir = folder({
      "big.ts": `export const big = () => "${"x".repeat(5000)}";\n`,
      "digest.ts":
        'import { createHash } from "node:crypto";\nexport const digest = () => createHash("sha256").digest("hex");\n',
      "hi.ts": "export const hi = () => 'Meow!';\n",
    });
    const text = await generatePluginModule(dir, { outFile: join(dir, "gen.ts") });
    expect(text).toContain('{ file: "big.ts", commands: "big", load: () => import("./big.ts") },');
    // A package (node: built-ins too) may cost far more than a dynamic import: it waits.
    expect(text).toContain(
      '{ file: "digest.ts", commands: "digest", load: () => import("./digest.ts") },',
    );
    expect(text).toContain('import * as m2 from "./hi.ts";');
    expect(text).toContain('{ file: "hi.ts", commands: "hi", exports: m2 },');
  });

  it("starts a path below the output folder with ./, or with the given prefix", async () => {
    const dir = folder({ "plugins/a.ts": "export const a = () => 1;\n" });
    const local = await generatePluginModule(join(dir, "plugins"), {
      outFile: join(dir, "gen.ts"),
      smallFilesWithBot: false,
    });
    expect(local).toContain('load: () => import("./plugins/a.ts")');
    const prefixed = await generatePluginModule(join(dir, "plugins"), {
      outFile: join(dir, "gen.ts"),
      importPrefix: "~/",
      smallFilesWithBot: false,
    });
    expect(prefixed).toContain('load: () => import("~/plugins/a.ts")');
  });

  it("writes an empty list for an empty folder and refuses a missing one", async () => {
    const dir = folder({});
    expect(await generatePluginModule(dir, { outFile: join(dir, "gen.ts") })).toContain(
      "export const plugins = [];",
    );
    await expect(
      generatePluginModule(join(root, "absent"), { outFile: join(root, "gen.ts") }),
    ).rejects.toThrow("plugins folder not found");
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
