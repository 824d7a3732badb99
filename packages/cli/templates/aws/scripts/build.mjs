// Bundles src/handler.ts and the plugins into dist/ for Node 20, minified: what a cold start
// loads in one module, dist/handler.mjs, and what loads on first use (help, jobs, the other
// event formats) in dist/chunks/. The AWS SDK v3 stays out: the Lambda runtime provides it.
import { readFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import { gzipSync } from "node:zlib";
import { joinColdPath, nodeSplitBundleOptions } from "@catops/node";
import { build } from "esbuild";

await rm("dist", { recursive: true, force: true });
const { metafile } = await build({
  ...nodeSplitBundleOptions,
  entryPoints: ["src/handler.ts"],
  outdir: "dist",
  outExtension: { ".js": ".mjs" },
  external: ["@aws-sdk/*"],
  logLevel: "warning",
  metafile: true,
});
// The split leaves a chunk for every set of modules sharing code; each costs a cold start its
// load. What the handler imports is joined into it.
const files = await joinColdPath({ entry: "dist/handler.mjs", metafile });
const bytes = readFileSync("dist/handler.mjs");
const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
console.log(
  `dist/handler.mjs: ${kib(bytes.length)}, ${kib(gzipSync(bytes).length)} gzipped; ` +
    `${files.length - 1} modules loaded on first use`,
);
