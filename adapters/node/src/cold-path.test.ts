import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";
import { afterEach, describe, expect, it } from "vitest";
import { joinColdPath } from "./cold-path.js";

// A split build in miniature: an entry and two modules it loads on first use, which share state
// and a helper with it in different sets, so esbuild writes two chunks the entry imports.
const SOURCES: Record<string, string> = {
  "state.js": "export const seen = []; export const remember = (x) => seen.push(x);",
  "format.js": 'export const shout = (text) => text.toUpperCase() + "!";',
  "later.js": `import { remember, seen } from "./state.js"; import { shout } from "./format.js";
    export const later = (x) => { remember(x); return shout(seen.join(",")); };`,
  "other.js": `import { shout } from "./format.js"; export const other = (x) => shout(x);`,
  "entry.js": `import { remember } from "./state.js"; import { shout } from "./format.js";
    export const name = shout("bot");
    export const other = async (x) => (await import("./other.js")).other(x);
    export default async function handle(x) { remember(x); return (await import("./later.js")).later(x + 1); }`,
};

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function splitBuild(extra: Record<string, string> = {}) {
  const dir = mkdtempSync(join(tmpdir(), "catops-cold-path-"));
  dirs.push(dir);
  for (const [file, code] of Object.entries({ ...SOURCES, ...extra })) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), code);
  }
  const outdir = join(dir, "dist");
  const { metafile } = await build({
    entryPoints: { index: join(dir, "entry.js") },
    outdir,
    bundle: true,
    splitting: true,
    format: "esm",
    chunkNames: "chunks/[name]-[hash]",
    minify: true,
    metafile: true,
    absWorkingDir: dir,
    logLevel: "silent",
  });
  const outputs = Object.keys(metafile.outputs).map((file) => join(dir, file));
  return { dir, metafile, entry: join(outdir, "index.js"), outputs };
}

const staticImports = (file: string) =>
  [...readFileSync(file, "utf8").matchAll(/(?:import|from)\s*"(\.[^"]+)"/g)].map((m) => m[1]!);

describe("joinColdPath", () => {
  it("joins what the entry imports into it; the later modules share its state", async () => {
    const { dir, metafile, entry, outputs } = await splitBuild();
    const chunks = staticImports(entry).map((path) => join(dirname(entry), path));
    expect(chunks.length).toBeGreaterThan(1);

    const files = await joinColdPath({ entry, metafile, workingDir: dir });

    expect(files[0]).toBe(entry);
    expect(staticImports(entry)).toEqual([]);
    for (const chunk of chunks) expect(existsSync(chunk)).toBe(false);
    expect(files.sort()).toEqual(outputs.filter((file) => !chunks.includes(file)).sort());
    const bot = await import(pathToFileURL(entry).href);
    expect(bot.name).toBe("BOT!");
    expect(await bot.other("meow")).toBe("MEOW!");
    // One module instance of the shared state: the later module sees what the entry remembered.
    expect(await bot.default(1)).toBe("1,2!");
  });

  it("joins into a module beside the entry, which keeps exactly its own exports", async () => {
    const { dir, metafile, entry, outputs } = await splitBuild();
    const chunks = staticImports(entry).map((path) => join(dirname(entry), path));
    const into = join(dirname(entry), "chunks/cold-path.js");

    const files = await joinColdPath({ entry, metafile, workingDir: dir, into });

    expect(files.slice(0, 2)).toEqual([entry, into]);
    expect(staticImports(entry)).toEqual(["./chunks/cold-path.js"]);
    expect(staticImports(into)).toEqual([]);
    for (const chunk of chunks) expect(existsSync(chunk)).toBe(false);
    expect(files.sort()).toEqual(
      [...outputs.filter((file) => !chunks.includes(file)), into].sort(),
    );
    const bot = await import(pathToFileURL(entry).href);
    // What workerd reads as handlers: the entry's own names, none of the joined module's.
    expect(Object.keys(bot).sort()).toEqual(["default", "name", "other"]);
    expect(bot.name).toBe("BOT!");
    expect(await bot.other("meow")).toBe("MEOW!");
    expect(await bot.default(1)).toBe("1,2!");
  });

  // A package's index reaches a module only a later module uses: with code splitting, esbuild
  // ignores the package's "sideEffects": false and the entry imports that module's chunk for
  // nothing by name.
  const THROUGH_AN_INDEX = {
    "lib/shout.js": 'export const shout = (text) => text.toUpperCase() + "!";',
    "lib/whisper.js":
      'globalThis.catopsWhisperLoaded = true; export const whisper = (text) => text.toLowerCase() + "...";',
    "lib/index.js": 'export { shout } from "./shout.js"; export { whisper } from "./whisper.js";',
    "later.js":
      'import { whisper } from "./lib/whisper.js"; export const later = (x) => whisper(x);',
    "entry.js": `import { shout } from "./lib/index.js";
      export default async function handle(x) { return shout(x) + (await import("./later.js")).later(x); }`,
  };

  it("leaves a chunk imported for nothing by name, free of side effects, to the module using it", async () => {
    const { dir, metafile, entry } = await splitBuild({
      ...THROUGH_AN_INDEX,
      "lib/package.json": '{ "sideEffects": false }',
    });
    const [chunk, ...others] = staticImports(entry).map((path) => join(dirname(entry), path));
    expect(others).toEqual([]);
    expect(readFileSync(chunk!, "utf8")).toContain("toLowerCase");

    const files = await joinColdPath({ entry, metafile, workingDir: dir });

    expect(staticImports(entry)).toEqual([]);
    expect(files).toContain(chunk);
    const global = globalThis as { catopsWhisperLoaded?: boolean };
    delete global.catopsWhisperLoaded;
    const bot = await import(pathToFileURL(entry).href);
    expect(global.catopsWhisperLoaded).toBeUndefined();
    expect(await bot.default("Meow")).toBe("MEOW!meow...");
    expect(global.catopsWhisperLoaded).toBe(true);
  });

  it("joins such a chunk when its package does not declare itself free of side effects", async () => {
    const { dir, metafile, entry } = await splitBuild(THROUGH_AN_INDEX);
    const [chunk] = staticImports(entry).map((path) => join(dirname(entry), path));
    expect(readFileSync(chunk!, "utf8")).toContain("toLowerCase");

    const files = await joinColdPath({ entry, metafile, workingDir: dir });

    expect(staticImports(entry)).toEqual([]);
    expect(files).not.toContain(chunk);
    expect(existsSync(chunk!)).toBe(false);
    const global = globalThis as { catopsWhisperLoaded?: boolean };
    delete global.catopsWhisperLoaded;
    const bot = await import(`${pathToFileURL(entry).href}?unpure`);
    // Its code ran with the entry, in the order the build kept.
    expect(global.catopsWhisperLoaded).toBe(true);
    expect(await bot.default("Meow")).toBe("MEOW!meow...");
  });

  it("reads a package's list of the files with side effects, as bundlers do", async () => {
    const chunkAfterJoining = async (declared: string[]) => {
      const { dir, metafile, entry } = await splitBuild({
        ...THROUGH_AN_INDEX,
        "lib/package.json": JSON.stringify({ sideEffects: declared }),
      });
      const [chunk] = staticImports(entry).map((path) => join(dirname(entry), path));
      await joinColdPath({ entry, metafile, workingDir: dir });
      return existsSync(chunk!);
    };
    // Named, with a path, a name alone, or a pattern: the chunk is joined, so its code runs.
    expect(await chunkAfterJoining(["./whisper.js"])).toBe(false);
    expect(await chunkAfterJoining(["whisper.js"])).toBe(false);
    expect(await chunkAfterJoining(["./w*.js"])).toBe(false);
    expect(await chunkAfterJoining(["**/*.js"])).toBe(false);
    // Not named: it waits for the module that uses it.
    expect(await chunkAfterJoining(["./shout.js"])).toBe(true);
    expect(await chunkAfterJoining(["./sub/whisper.js", "*.css"])).toBe(true);
    expect(await chunkAfterJoining([])).toBe(true);
  });

  it("leaves a build whose entry awaits at its top level as it is", async () => {
    const { dir, metafile, entry, outputs } = await splitBuild({
      "entry.js": `import { remember } from "./state.js"; import { shout } from "./format.js";
        remember(shout("a"));
        export const other = async (x) => (await import("./other.js")).other(x);
        export const first = await (await import("./later.js")).later("b");`,
    });
    const before = readFileSync(entry, "utf8");

    const files = await joinColdPath({ entry, metafile, workingDir: dir });

    expect(files.sort()).toEqual(outputs.sort());
    expect(readFileSync(entry, "utf8")).toBe(before);
    const bot = await import(pathToFileURL(entry).href);
    expect(bot.first).toBe("A!,B!");
  });

  it("keeps an entry that exports nothing and only does its work when loaded", async () => {
    const { dir, metafile, entry } = await splitBuild({
      "entry.js": `import { remember, seen } from "./state.js";
        remember("loaded"); globalThis.catopsJoinTest = async () => (await import("./later.js")).later("again");`,
    });

    await joinColdPath({ entry, metafile, workingDir: dir });

    await import(pathToFileURL(entry).href);
    const run = (globalThis as { catopsJoinTest?: () => Promise<string> }).catopsJoinTest;
    expect(await run?.()).toBe("LOADED,AGAIN!");
  });

  it("refuses a chunk that reads its own URL, which joining would change", async () => {
    const { dir, metafile, entry } = await splitBuild({
      "format.js": 'export const shout = (text) => text + new URL(".", import.meta.url).pathname;',
    });
    await expect(joinColdPath({ entry, metafile, workingDir: dir })).rejects.toThrow(
      /reads import\.meta/,
    );
  });
});
