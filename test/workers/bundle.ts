// Builds a Worker bundle the way a deployment does (esbuild, the adapter's workerBundleOptions,
// whole or split into chunks as examples/cloudflare deploys it), with every @catops/* import
// taken from its TypeScript source, so no package build is needed.
import { workerBundleOptions, workerSplitBundleOptions } from "@catops/cloudflare-workers";
import { build } from "esbuild";
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { workspacePackages } from "../../vitest.workspace-alias.ts";

export interface WorkerBundle {
  /** The bundled ES module. */
  code: string;
  /** Its size in bytes, minified, and gzipped. */
  bytes: number;
  gzipBytes: number;
  /** Every file esbuild put in, by path, as its metafile lists them. */
  inputs: string[];
  /** Imports left for the runtime to resolve (none, for a self-contained Worker). */
  externalImports: string[];
}

/** Maps each workspace package to its src/, the way the test runner's aliases do. */
export function sourceAliasMap(): Record<string, string> {
  const alias: Record<string, string> = {};
  for (const pkg of workspacePackages())
    if (existsSync(join(pkg.dir, "src", "index.ts"))) alias[pkg.name] = join(pkg.dir, "src");
  return alias;
}

export async function bundleWorker(entry: string, options: { minify?: boolean } = {}) {
  const result = await build({
    ...workerBundleOptions,
    conditions: [...workerBundleOptions.conditions],
    mainFields: [...workerBundleOptions.mainFields],
    minify: options.minify ?? workerBundleOptions.minify,
    entryPoints: [entry],
    alias: sourceAliasMap(),
    write: false,
    metafile: true,
    logLevel: "silent",
  });
  const code = result.outputFiles[0]!.text;
  const bytes = new TextEncoder().encode(code);
  return {
    code,
    bytes: bytes.byteLength,
    gzipBytes: gzipSync(bytes).byteLength,
    inputs: Object.keys(result.metafile.inputs),
    externalImports: Object.values(result.metafile.outputs).flatMap((output) =>
      output.imports.filter((entry) => entry.external).map((entry) => entry.path),
    ),
  } satisfies WorkerBundle;
}

/** A Worker split as wrangler uploads it: each module by its path relative to the entry's folder. */
export interface SplitWorker {
  /** The entry first, then the chunks it imports, statically or through import(). */
  modules: { type: "ESModule"; path: string; contents: string }[];
  /** The folder the modules were written to. */
  outdir: string;
}

/** Builds `entry` split into chunks (the adapter's workerSplitBundleOptions) into a new folder. */
export async function bundleSplitWorker(entry: string): Promise<SplitWorker> {
  const outdir = mkdtempSync(join(tmpdir(), "catops-split-worker-"));
  const result = await build({
    ...workerSplitBundleOptions,
    conditions: [...workerSplitBundleOptions.conditions],
    mainFields: [...workerSplitBundleOptions.mainFields],
    entryPoints: { index: entry },
    outdir,
    alias: sourceAliasMap(),
    metafile: true,
    logLevel: "silent",
  });
  const files = Object.keys(result.metafile.outputs).map((path) => resolve(path));
  const index = join(outdir, "index.js");
  return { outdir, modules: workerModules([index, ...files.filter((file) => file !== index)]) };
}

/** Miniflare's modules for a split Worker's files, the entry first; paths relative to it. */
export function workerModules(files: readonly string[]): SplitWorker["modules"] {
  const root = resolve(files[0]!, "..");
  return files.map((file) => ({
    type: "ESModule" as const,
    path: relative(root, file),
    contents: readFileSync(file, "utf8"),
  }));
}

/** Miniflare's modules for a split Worker built into `dir`: its index.js, then every chunk. */
export function builtWorkerModules(dir: string): SplitWorker["modules"] {
  const entry = join(dir, "index.js");
  const chunks = readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((file) => file.isFile() && file.name.endsWith(".js"))
    .map((file) => join(file.parentPath, file.name))
    .filter((file) => file !== entry)
    .sort();
  return workerModules([entry, ...chunks]);
}
