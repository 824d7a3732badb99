// Builds the Function App: regenerates the static plugin module from ../plugins, bundles
// src/index.ts into minified ES modules (dist/index.js, @azure/functions left to the app's
// node_modules as Azure expects), and assembles deploy/, the folder to publish. The Azure
// Storage SDKs land in chunks of their own, loaded on first use: a cold start parses only
// what its first request needs.
import { copyFileSync, cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import { joinColdPath, nodeSplitBundleOptions } from "@catops/node";
import { build } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const at = (...parts) => join(root, ...parts);

/** Bundles src/index.ts into `outdir` (emptied first). Resolves to the output files' paths. */
export async function bundleApp(outdir = at("dist")) {
  rmSync(outdir, { recursive: true, force: true });
  const { metafile } = await build({
    ...nodeSplitBundleOptions,
    entryPoints: [at("src/index.ts")],
    outdir,
    external: ["@azure/functions"],
    // CommonJS dependencies bundled into an ES module still call require() for Node built-ins.
    banner: {
      js: 'import { createRequire as __catopsRequire } from "node:module"; const require = __catopsRequire(import.meta.url);',
    },
    logLevel: "warning",
    metafile: true,
    absWorkingDir: root,
  });
  // What a cold start loads, in one module: the chunks the entry imports are joined into it.
  const files = await joinColdPath({
    entry: join(outdir, "index.js"),
    metafile,
    workingDir: root,
  });
  return files.sort();
}

/** deploy/: host.json, the bundle, and a package.json naming only @azure/functions. */
function assembleDeploy() {
  const manifest = JSON.parse(readFileSync(at("package.json"), "utf8"));
  rmSync(at("deploy"), { recursive: true, force: true });
  mkdirSync(at("deploy"), { recursive: true });
  cpSync(at("dist"), at("deploy/dist"), { recursive: true });
  copyFileSync(at("host.json"), at("deploy/host.json"));
  const deployManifest = {
    name: "catops-azure",
    private: true,
    type: "module",
    main: manifest.main,
    dependencies: { "@azure/functions": manifest.dependencies["@azure/functions"] },
  };
  writeFileSync(at("deploy/package.json"), `${JSON.stringify(deployManifest, null, 2)}\n`);
}

function reportSizes(files) {
  const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`.padStart(10);
  let total = 0;
  let totalGzip = 0;
  for (const file of files) {
    const bytes = readFileSync(file);
    const gzip = gzipSync(bytes).byteLength;
    total += bytes.byteLength;
    totalGzip += gzip;
    console.log(
      `${relative(root, file).padEnd(34)} ${kib(bytes.byteLength)} minified ${kib(gzip)} gzip`,
    );
  }
  console.log(`${"all".padEnd(34)} ${kib(total)} minified ${kib(totalGzip)} gzip`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { generatePluginModule } = await import("@catops/node");
  await generatePluginModule(at("../plugins"), { outFile: at("src/plugins.generated.ts") });
  const files = await bundleApp();
  assembleDeploy();
  reportSizes(files);
}
