// Bundles src/index.ts and the plugins into dist/index.js (one minified ES module;
// @azure/functions stays in node_modules, as Azure expects), then assembles deploy/: the
// folder `func azure functionapp publish` uploads.
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

await build({
  entryPoints: ["src/index.ts"],
  outfile: "dist/index.js",
  bundle: true,
  minify: true,
  format: "esm",
  platform: "node",
  target: "node20",
  external: ["@azure/functions"],
  // CommonJS dependencies bundled into an ES module still call require() for Node built-ins.
  banner: {
    js: 'import { createRequire as __catopsRequire } from "node:module"; const require = __catopsRequire(import.meta.url);',
  },
  legalComments: "none",
  logLevel: "warning",
});

const manifest = JSON.parse(readFileSync("package.json", "utf8"));
rmSync("deploy", { recursive: true, force: true });
mkdirSync("deploy/dist", { recursive: true });
copyFileSync("dist/index.js", "deploy/dist/index.js");
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
