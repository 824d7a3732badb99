// Bundles src/handler.ts and the plugins into dist/handler.mjs: one minified ES module for
// Node 20. The AWS SDK v3 stays out of it: the Lambda runtime provides it.
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

await build({
  entryPoints: ["src/handler.ts"],
  outfile: "dist/handler.mjs",
  bundle: true,
  minify: true,
  format: "esm",
  platform: "node",
  target: "node20",
  external: ["@aws-sdk/*"],
  legalComments: "none",
  logLevel: "warning",
});
const bytes = readFileSync("dist/handler.mjs");
const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
console.log(`dist/handler.mjs: ${kib(bytes.length)}, ${kib(gzipSync(bytes).length)} gzipped`);
