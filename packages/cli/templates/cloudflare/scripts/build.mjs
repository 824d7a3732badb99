// Bundles the Worker the way `wrangler deploy` does (the adapter's workerBundleOptions) into
// dist/worker.js, so a plugin that needs a Node API, or a bundle past Cloudflare's size limit,
// fails here rather than at deploy time. wrangler bundles src/index.ts itself when deploying.
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { workerBundleOptions } from "@catops/cloudflare-workers";
import { build } from "esbuild";

await build({
  ...workerBundleOptions,
  conditions: [...workerBundleOptions.conditions],
  mainFields: [...workerBundleOptions.mainFields],
  entryPoints: ["src/index.ts"],
  outfile: "dist/worker.js",
  logLevel: "warning",
});
const bytes = readFileSync("dist/worker.js");
const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
// The free plan takes Workers up to 3 MiB gzipped, paid plans up to 10 MiB.
console.log(`dist/worker.js: ${kib(bytes.length)}, ${kib(gzipSync(bytes).length)} gzipped`);
