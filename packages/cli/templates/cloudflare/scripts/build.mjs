// Builds the Worker wrangler uploads: src/index.ts bundled with the adapter's split options
// (what wrangler's own bundling would do, minified) into dist/, an entry (index.js) and chunks/,
// among them what loads through import() on first use. wrangler.toml's [build] runs this
// before every deploy, dev and dry run and uploads dist/ as it is; `npm run build` runs it
// alone, so a plugin that needs a Node API, or a bundle past Cloudflare's size limit, fails here
// first.
import { readFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import { gzipSync } from "node:zlib";
import { workerSplitBundleOptions } from "@catops/cloudflare-workers";
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
const entry = readFileSync("dist/index.js");
const total = Object.values(metafile.outputs).reduce((sum, output) => sum + output.bytes, 0);
const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
// The free plan takes Workers up to 3 MiB gzipped, paid plans up to 10 MiB.
console.log(
  `dist/index.js: ${kib(entry.length)}, ${kib(gzipSync(entry).length)} gzipped; ` +
    `${Object.keys(metafile.outputs).length} modules, ${kib(total)} in all`,
);
