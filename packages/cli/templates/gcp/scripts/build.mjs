// Bundles src/index.ts and the plugins into dist/, minified: what a cold start loads in one
// module, dist/index.js, and what loads on first use in dist/chunks/. Writes dist/package.json,
// from which Cloud Build installs the Google Cloud SDKs. dist/ is the folder
// `gcloud functions deploy --source=dist` uploads.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { joinColdPath, nodeSplitBundleOptions } from "@catops/node";
import { build } from "esbuild";

const manifest = JSON.parse(readFileSync("package.json", "utf8"));
// Installed by Cloud Build, not bundled: they load protobufs and gRPC at run time.
const external = Object.keys(manifest.dependencies).filter((name) =>
  name.startsWith("@google-cloud/"),
);

rmSync("dist", { recursive: true, force: true });
mkdirSync("dist", { recursive: true });
const { metafile } = await build({
  ...nodeSplitBundleOptions,
  entryPoints: ["src/index.ts"],
  outdir: "dist",
  external,
  logLevel: "warning",
  metafile: true,
});
// The split leaves a chunk for every set of modules sharing code; each costs a cold start its
// load. What the entry imports is joined into it.
await joinColdPath({ entry: "dist/index.js", metafile });

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
