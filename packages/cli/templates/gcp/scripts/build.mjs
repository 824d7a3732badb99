// Bundles src/index.ts and the plugins into dist/index.js (one minified ES module) and writes
// dist/package.json, from which Cloud Build installs the Google Cloud SDKs. dist/ is the folder
// `gcloud functions deploy --source=dist` uploads.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

const manifest = JSON.parse(readFileSync("package.json", "utf8"));
// Installed by Cloud Build, not bundled: they load protobufs and gRPC at run time.
const external = Object.keys(manifest.dependencies).filter((name) =>
  name.startsWith("@google-cloud/"),
);

mkdirSync("dist", { recursive: true });
await build({
  entryPoints: ["src/index.ts"],
  outfile: "dist/index.js",
  bundle: true,
  minify: true,
  format: "esm",
  platform: "node",
  target: "node20",
  external,
  legalComments: "none",
  logLevel: "warning",
});

const deployManifest = {
  name: manifest.name,
  private: true,
  type: "module",
  main: "index.js",
  engines: { node: ">=20" },
  // The code is already built: Cloud Build must not run a build script.
  scripts: { "gcp-build": "" },
  dependencies: Object.fromEntries(external.map((name) => [name, manifest.dependencies[name]])),
};
writeFileSync("dist/package.json", `${JSON.stringify(deployManifest, null, 2)}\n`);

const bytes = readFileSync("dist/index.js");
const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
console.log(`dist/index.js: ${kib(bytes.length)}, ${kib(gzipSync(bytes).length)} gzipped`);
