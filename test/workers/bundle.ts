// Builds a Worker bundle the way a deployment does (esbuild, the adapter's workerBundleOptions),
// with every @catops/* import taken from its TypeScript source, so no package build is needed.
import { workerBundleOptions } from "@catops/cloudflare-workers";
import { build } from "esbuild";
import { existsSync } from "node:fs";
import { join } from "node:path";
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
