// Loads a plugins folder in Node, two ways with one result: by scanning the directory (Node
// servers, the CLI) and through a generated static module (bundled targets such as Workers).
import { existsSync, statSync } from "node:fs";
import { mkdir, readdir, writeFile } from "node:fs/promises";
import { dirname, join, relative, resolve, sep } from "node:path";
import { pathToFileURL } from "node:url";
import { commandsFromModules, PluginError, type PluginModule, pluginEntryOf } from "@catops/core";
import { type NamespacedUnregister, register } from "tsx/esm/api";
import { selfContainedSize, smallFilesToLoad } from "./small-plugin.js";

export interface LoadPluginsOptions {
  /** Only these command names load (the allow-list). */
  only?: readonly string[];
  /**
   * Imports the files again instead of reusing loaded modules (dev reloads). In an ES module
   * folder (`"type": "module"`) the files they import are fresh too.
   */
  fresh?: boolean;
}

export interface GeneratePluginModuleOptions {
  /** Where the module is written; imports are relative to it. */
  outFile: string;
  /** Put before each relative import path instead of "./" (e.g. "~/"), for bundler aliases. */
  importPrefix?: string;
  /**
   * Import small files that import no other package with the module too (see small-plugin.ts).
   * Default true; false leaves every file the bot need not check to load on first use.
   */
  smallFilesWithBot?: boolean;
  /**
   * The folder's plugin files as `loadPluginDirectory` read them, when the caller has them: not
   * loaded a second time, which would run every file's top level again.
   */
  modules?: readonly PluginModule[];
}

const PLUGIN_FILE = /\.(?:ts|mts|js|mjs)$/;
const NOT_A_PLUGIN = /\.test\.|\.spec\.|\.d\.(?:ts|mts)$/;

/**
 * The plugin files of a folder, sorted by name: .ts/.mts/.js/.mjs at the top level and in one
 * level of sub-folders (`ops/deploy.ts`), without private (`_`) files and folders, tests and
 * declaration files. Both loading paths use this list.
 */
export async function listPluginFiles(dir: string): Promise<string[]> {
  const folder = resolve(dir);
  if (!existsSync(folder)) throw new PluginError(`plugins folder not found: ${folder}`);
  if (!statSync(folder).isDirectory())
    throw new PluginError(`plugins folder is not a directory: ${folder}`);
  const files = await pluginFilesIn(folder);
  for (const sub of await subFolders(folder))
    files.push(...(await pluginFilesIn(join(folder, sub))).map((name) => `${sub}/${name}`));
  return files.sort((a, b) => a.localeCompare(b));
}

async function pluginFilesIn(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true });
  return entries
    .filter(
      (entry) => entry.isFile() || (entry.isSymbolicLink() && isFile(join(folder, entry.name))),
    )
    .map((entry) => entry.name)
    .filter((name) => PLUGIN_FILE.test(name) && !NOT_A_PLUGIN.test(name) && !name.startsWith("_"));
}

/** Public sub-folders; `node_modules` and dot folders are never plugins. */
async function subFolders(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true });
  return entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .filter((name) => !/^[_.]/.test(name) && name !== "node_modules");
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

// A tsx namespace loads .ts plugins in plain Node without a process-wide loader. Modules are
// cached per namespace, so a fresh load takes a new one and retires the last fresh one.
let shared: NamespacedUnregister | undefined;
let lastFresh: NamespacedUnregister | undefined;
let freshLoads = 0;

function scopeFor(fresh: boolean): NamespacedUnregister {
  if (!fresh) {
    shared ??= register({ namespace: "catops-plugins" });
    return shared;
  }
  return register({ namespace: `catops-plugins-${++freshLoads}` });
}

/**
 * Imports every plugin file of `dir` and its public sub-folders (one level). With `only`, each module keeps just the
 * allow-listed exports, which gives the same table as passing `only` to the core.
 */
export async function loadPluginDirectory(
  dir: string,
  options: LoadPluginsOptions = {},
): Promise<PluginModule[]> {
  const only = options.only ? new Set(options.only) : undefined;
  const folder = resolve(dir);
  const files = await listPluginFiles(folder);
  const fresh = options.fresh === true;
  const scope = scopeFor(fresh);
  const modules: PluginModule[] = [];
  try {
    for (const file of files) {
      const exports = await importPlugin(scope, join(folder, file));
      // `compat` says how the file's functions are called: it stays whatever the allow-list.
      const kept = Object.entries(exports).filter(
        ([name]) => !only || only.has(name) || name === "compat",
      );
      modules.push({ file, exports: Object.fromEntries(kept) });
    }
  } catch (error) {
    if (fresh) await scope.unregister();
    throw error;
  }
  if (fresh) {
    await lastFresh?.unregister();
    lastFresh = scope;
  }
  return modules;
}

async function importPlugin(
  scope: NamespacedUnregister,
  path: string,
): Promise<Record<string, unknown>> {
  try {
    return (await scope.import(pathToFileURL(path).href, import.meta.url)) as Record<
      string,
      unknown
    >;
  } catch (error) {
    throw new PluginError(`could not load plugin ${path}: ${reasonOf(error, path)}`, {
      cause: error,
    });
  }
}

/**
 * Writes a module that names the same plugin files, in the same order, for bundlers, with what
 * the bot must know of each when it is made read here once: its command names, and its `compat`
 * and commands' `nextStep`s. A file is loaded when one of its commands is first used
 * (`load: () => import(...)`, a chunk of its own where the bundle splits), unless the bot needs
 * it when it is made (schedules, formats) or it is small and imports no other package (see
 * small-plugin.ts): those are imported with the module.
 * `export const plugins = [{ file: "example.ts", commands: "echo hi", load: () => import("...") }, ...]`.
 * Resolves to the module's text.
 */
export async function generatePluginModule(
  dir: string,
  options: GeneratePluginModuleOptions,
): Promise<string> {
  const folder = resolve(dir);
  const modules = options.modules ?? (await loadPluginDirectory(folder, { fresh: true }));
  // Two files naming one command are refused here: a bot enters the names of a file it loads on
  // first use only when it looks one up or lists them all.
  commandsFromModules(modules);
  const outFile = resolve(options.outFile);
  const from = dirname(outFile);
  const pathOf = (file: string) =>
    JSON.stringify(importPath(from, join(folder, file), options.importPrefix));
  const checked = modules.map((module) => ({
    file: module.file,
    ...pluginEntryOf(module.exports!),
  }));
  const small =
    options.smallFilesWithBot === false
      ? checked.map(() => false)
      : smallFilesToLoad(
          await Promise.all(
            checked.map((entry) =>
              entry.loadsWithBot ? undefined : selfContainedSize(join(folder, entry.file)),
            ),
          ),
        );
  const entries = checked.map((entry, i) => ({
    ...entry,
    loadsWithBot: entry.loadsWithBot || small[i]!,
  }));
  const imports = entries.flatMap((entry, i) =>
    entry.loadsWithBot ? [`import * as m${i} from ${pathOf(entry.file)};`] : [],
  );
  const rows = entries.map((entry, i) => {
    const fields = [
      `file: ${JSON.stringify(entry.file)}`,
      `commands: ${JSON.stringify(entry.commands)}`,
      ...(entry.compat === undefined ? [] : [`compat: ${JSON.stringify(entry.compat)}`]),
      ...(entry.nextSteps === undefined ? [] : [`nextSteps: ${JSON.stringify(entry.nextSteps)}`]),
      entry.loadsWithBot ? `exports: m${i}` : `load: () => import(${pathOf(entry.file)})`,
    ];
    return `  { ${fields.join(", ")} },\n`;
  });
  const lines = [
    "// Generated by `catops build` from the plugins folder. Do not edit: run it again.",
    "// Each file loads when one of its commands is first used; those the bot checks when it is",
    "// made (schedules, formats), and small ones that import no other package, are imported",
    "// with this module.",
    ...imports,
    "",
    `export const plugins = [${rows.length === 0 ? "" : "\n"}${rows.join("")}];`,
    "",
  ];
  const text = lines.join("\n");
  await mkdir(from, { recursive: true });
  await writeFile(outFile, text);
  return text;
}

function importPath(from: string, target: string, prefix?: string): string {
  const path = relative(from, target).split(sep).join("/");
  if (prefix !== undefined) return `${prefix}${path}`;
  return path.startsWith(".") ? path : `./${path}`;
}

/** The first telling line of an import failure: a syntax error and where, a missing module. */
function reasonOf(error: unknown, path: string): string {
  const message = error instanceof Error ? error.message : String(error);
  const line =
    message
      .split("\n")
      .map((text) => text.trim())
      .find((text) => text !== "" && !/^Transform failed with \d+ errors?:?$/.test(text)) ??
    "unknown error";
  // esbuild says "<path>:2:16: ERROR: Expected identifier"; the path is already in the message.
  const located = line.startsWith(`${path}:`)
    ? /^(\d+):(\d+): (?:ERROR: )?(.*)$/.exec(line.slice(path.length + 1))
    : null;
  return located ? `line ${located[1]}, column ${located[2]}: ${located[3]}` : line;
}
