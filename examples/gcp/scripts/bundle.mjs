// Bundles the function source into dist/: a minified ESM entry (index.js) with all a cold start
// loads, the chunks that load on first use (alert handling, the on-call rota), and a
// package.json that Cloud Build installs the Google Cloud SDKs from. dist/ is the folder
// `gcloud functions deploy --source=dist` uploads.
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { gzipSync } from "node:zlib";
import { joinColdPath, nodeSplitBundleOptions } from "@catops/node";
import { build } from "esbuild";

const root = new URL("../", import.meta.url);
const manifest = JSON.parse(await readFile(new URL("package.json", root), "utf8"));
// Installed by Cloud Build, not bundled: they load protobufs and gRPC at run time.
const external = Object.keys(manifest.dependencies).filter((name) =>
  name.startsWith("@google-cloud/"),
);

await mkdir(new URL("dist/", root), { recursive: true });
await rm(new URL("dist/chunks/", root), { recursive: true, force: true });
const outfile = new URL("dist/index.js", root).pathname;
const { metafile } = await build({
  ...nodeSplitBundleOptions,
  entryPoints: [new URL("src/index.ts", root).pathname],
  outdir: new URL("dist/", root).pathname,
  external,
  logLevel: "warning",
  metafile: true,
});
// What a cold start loads, in one module: the chunks the entry imports are joined into it.
await joinColdPath({ entry: outfile, metafile });

const deployManifest = {
  name: "catops-gcp",
  private: true,
  type: "module",
  main: "index.js",
  engines: { node: ">=20" },
  // The code is already built: Cloud Build must not run a build script.
  scripts: { "gcp-build": "" },
  dependencies: Object.fromEntries(external.map((name) => [name, manifest.dependencies[name]])),
};
await writeFile(new URL("dist/package.json", root), `${JSON.stringify(deployManifest, null, 2)}\n`);

const code = await readFile(outfile);
const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;
console.log(
  `dist/index.js: ${kib(code.byteLength)} minified, ${kib(gzipSync(code).byteLength)} gzip`,
);
