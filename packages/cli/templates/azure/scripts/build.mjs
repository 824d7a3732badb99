// Bundles src/index.ts and the plugins into dist/, minified: what a cold start loads in one
// module, dist/index.js, and what loads on first use in dist/chunks/ (@azure/functions stays in
// node_modules, as Azure expects). Then assembles deploy/: the folder
// `func azure functionapp publish` uploads.
import { copyFileSync, cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { joinColdPath, nodeSplitBundleOptions } from "@catops/node";
import { build } from "esbuild";

rmSync("dist", { recursive: true, force: true });
const { metafile } = await build({
  ...nodeSplitBundleOptions,
  entryPoints: ["src/index.ts"],
  outdir: "dist",
  external: ["@azure/functions"],
  // CommonJS dependencies bundled into an ES module still call require() for Node built-ins.
  banner: {
    js: 'import { createRequire as __catopsRequire } from "node:module"; const require = __catopsRequire(import.meta.url);',
  },
  logLevel: "warning",
  metafile: true,
});
// The split leaves a chunk for every set of modules sharing code; each costs a cold start its
// load. What the entry imports is joined into it.
await joinColdPath({ entry: "dist/index.js", metafile });

const manifest = JSON.parse(readFileSync("package.json", "utf8"));
rmSync("deploy", { recursive: true, force: true });
mkdirSync("deploy", { recursive: true });
cpSync("dist", "deploy/dist", { recursive: true });
copyFileSync("host.json", "deploy/host.json");
const deployManifest = {
  name: manifest.name,
  private: true,
  type: "module",
  main: "dist/index.js",
  dependencies: { "@azure/functions": manifest.dependencies["@azure/functions"] },
};
writeFileSync("deploy/package.json", `${JSON.stringify(deployManifest, null, 2)}\n`);

const bytes = readFileSync("dist/index.js");
const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
console.log(`deploy/dist/index.js: ${kib(bytes.length)}, ${kib(gzipSync(bytes).length)} gzipped`);
