// Builds the Worker wrangler uploads: esbuild with the adapter's split options, so dist/ holds an
// entry (index.js) and chunks/: code the entry shares with them, and what loads through import()
// on first use (alert handling, the rota, jose, the connectors of chats other than Slack).
// wrangler.toml's [build] runs this before every deploy, dev and dry run, and uploads dist/ as
// it is (no_bundle).
import { readFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { workerSplitBundleOptions } from "@catops/cloudflare-workers";
import { build } from "esbuild";

const exampleDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** Builds the Worker into `outdir` (emptied first); returns every module written, entry first. */
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
  const entry = join(outdir, "index.js");
  const files = Object.keys(metafile.outputs).map((path) => resolve(exampleDir, path));
  return [entry, ...files.filter((file) => file !== entry)];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [entry, ...chunks] = await buildWorker();
  const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;
  const code = readFileSync(entry);
  const total = chunks.reduce((sum, file) => sum + readFileSync(file).byteLength, code.byteLength);
  console.log(
    `${entry}: ${kib(code.byteLength)} (${kib(gzipSync(code).byteLength)} gzip); ` +
      `${chunks.length} chunks beside it, ${kib(total)} in all`,
  );
}
