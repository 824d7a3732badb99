// Builds the Worker wrangler uploads: src/index.ts bundled with the adapter's split options
// (what wrangler's own bundling would do, minified) into dist/: the entry (index.js), what a
// cold start loads joined into one module beside it (chunks/cold-path.js, which the entry
// re-exports the Worker's handlers from: workerd reads every export of the entry as a handler),
// and the chunks that load through import() on first use. wrangler.toml's [build] runs this
// before every deploy, dev and dry run and uploads dist/ as it is; `npm run build` runs it
// alone, so a plugin that needs a Node API, or a bundle past Cloudflare's size limit, fails here
// first.
import { readFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import { gzipSync } from "node:zlib";
import { workerSplitBundleOptions } from "@catops/cloudflare-workers";
import { joinColdPath } from "@catops/node";
import { build } from "esbuild";

await rm("dist", { recursive: true, force: true });
const { metafile } = await build({
  ...workerSplitBundleOptions,
  conditions: [...workerSplitBundleOptions.conditions],
  mainFields: [...workerSplitBundleOptions.mainFields],
  entryPoints: { index: "src/index.ts" },
  outdir: "dist",
  metafile: true,
  logLevel: "warning",
});
// The split leaves a chunk for every set of modules sharing code; each costs its imports.
const files = await joinColdPath({
  entry: "dist/index.js",
  metafile,
  into: "dist/chunks/cold-path.js",
});
const cold = files.filter((file) => /(index|cold-path)\.js$/.test(file));
const code = Buffer.concat(cold.map((file) => readFileSync(file)));
const total = files.reduce((sum, file) => sum + readFileSync(file).byteLength, 0);
const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
// The free plan takes Workers up to 3 MiB gzipped, paid plans up to 10 MiB.
console.log(
  `a cold start loads ${kib(code.length)} (${kib(gzipSync(code).length)} gzipped) in ` +
    `${cold.length} modules; ${files.length} modules, ${kib(total)} in all`,
);
