// Builds the Worker wrangler uploads: esbuild with the adapter's split options, so dist/ holds an
// entry (index.js) and chunks/: what loads through import() on first use (alert handling, the
// rota, jose, the connectors of chats other than Slack), and what a cold start loads joined into
// one module, chunks/cold-path.js, that the entry re-exports its handlers from (workerd reads
// every export of the entry as a handler, so the names the later chunks import stay off it).
// wrangler.toml's [build] runs this before every deploy, dev and dry run, and uploads dist/ as
// it is (no_bundle).
import { readFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { workerSplitBundleOptions } from "@catops/cloudflare-workers";
import { joinColdPath } from "@catops/node";
import { build } from "esbuild";

const exampleDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/**
 * Builds the Worker into `outdir` (emptied first); returns every module written: the entry, then
 * the module it re-exports from (what a cold start loads, when the build split), then the rest.
 */
export async function buildWorker(outdir = join(exampleDir, "dist")) {
  await rm(outdir, { recursive: true, force: true });
  const { metafile } = await build({
    ...workerSplitBundleOptions,
    conditions: [...workerSplitBundleOptions.conditions],
    mainFields: [...workerSplitBundleOptions.mainFields],
    entryPoints: { index: join(exampleDir, "src/index.ts") },
    outdir,
    absWorkingDir: exampleDir,
    metafile: true,
    logLevel: "warning",
  });
  // The split leaves a chunk for every set of modules sharing code; each costs its imports.
  return joinColdPath({
    entry: join(outdir, "index.js"),
    metafile,
    workingDir: exampleDir,
    into: join(outdir, "chunks/cold-path.js"),
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const files = await buildWorker();
  const cold = files.filter((file) => file.endsWith("index.js") || file.endsWith("cold-path.js"));
  const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;
  const code = Buffer.concat(cold.map((file) => readFileSync(file)));
  const total = files.reduce((sum, file) => sum + readFileSync(file).byteLength, 0);
  console.log(
    `a cold start loads ${kib(code.byteLength)} (${kib(gzipSync(code).byteLength)} gzip) in ` +
      `${cold.length} modules; ${files.length} modules, ${kib(total)} in all`,
  );
}
