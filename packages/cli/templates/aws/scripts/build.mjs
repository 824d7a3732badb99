// Bundles src/handler.ts and the plugins into dist/, minified, for the function template.yaml
// declares. What a cold start loads is one module, and what loads on first use (help, jobs, the
// other event formats) is in chunks/ beside it. The AWS SDK v3 stays out: the Lambda runtime
// provides it.
//
// Built on a machine like the function's (its processor and Node line, below), dist/handler.mjs
// also carries V8's code cache: the code V8 compiled while the handler answered `/catops help`
// once, in a `node` started with Lambda's flags, which a cold start then need not compile. The
// split build is then in dist/esm/, made scripts in dist/handler-script/ for the cache, and loaded
// itself by a runtime whose V8 will not take the cache. Built
// elsewhere, dist/handler.mjs is the split build alone. CATOPS_CODE_CACHE=off leaves the cache
// out; CATOPS_CODE_CACHE=host makes it for this machine, to try it here.
import { readFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { WARM_UP_ENV } from "@catops/aws-lambda/warm-up";
import {
  codeCacheMismatch,
  joinColdPath,
  lambdaNodeFlags,
  nodeSplitBundleOptions,
  writeCodeCachedEntry,
} from "@catops/node";
import { build } from "esbuild";

/** Where the function runs: template.yaml's Architectures, Runtime and MemorySize. */
const LAMBDA = { arch: "arm64", nodeMajor: 22, memorySize: 1024 };

const asked = process.env.CATOPS_CODE_CACHE;
const mismatch = asked === "off" ? "off" : asked === "host" ? undefined : codeCacheMismatch(LAMBDA);
const split = mismatch ? "dist/handler.mjs" : "dist/esm/handler.mjs";

await rm("dist", { recursive: true, force: true });
const { metafile } = await build({
  ...nodeSplitBundleOptions,
  entryPoints: ["src/handler.ts"],
  outdir: dirname(split),
  outExtension: { ".js": ".mjs" },
  external: ["@aws-sdk/*"],
  logLevel: "warning",
  metafile: true,
});
// The split leaves a chunk for every set of modules sharing code; each costs a cold start its
// load. What the handler imports is joined into it.
const files = await joinColdPath({ entry: split, metafile });
const bytes = readFileSync(split);
const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
console.log(
  `${split}: ${kib(bytes.length)}, ${kib(gzipSync(bytes).length)} gzipped; ` +
    `${files.length - 1} modules loaded on first use`,
);

if (mismatch) console.log(`V8's code cache not made: ${mismatch}`);
else {
  const { coldPath } = await writeCodeCachedEntry({
    outdir: "dist",
    fallback: "./esm/handler.mjs",
    files,
    nodeFlags: lambdaNodeFlags(LAMBDA.memorySize),
    warmUp: fileURLToPath(import.meta.resolve("@catops/aws-lambda/warm-up")),
    env: { PATH: process.env.PATH, ...WARM_UP_ENV },
  });
  const cache = readFileSync(coldPath[1]);
  console.log(`dist/handler.mjs: with V8's code cache (${kib(cache.length)})`);
}
