// Bundles src/handler.ts into the deployable artifact dist/handler.mjs with esbuild: ESM for
// Node 20, minified. What a slash command never runs (alert handling, the on-call rota) is split
// into dist/chunks/, loaded on first use; what it does run is one module, dist/handler.mjs. The
// AWS SDK v3 stays out: the Lambda Node runtime provides it. Inside the CatOps repository, @catops/* packages are bundled from their
// TypeScript source.
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

const exampleDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const repoRoot = resolve(exampleDir, "../..");
export const OUTFILE = join(exampleDir, "dist/handler.mjs");

/** Resolves @catops/<name>[/<subpath>] to the workspace package's src/<subpath or index>.ts. */
function workspaceSource() {
  const sources = new Map();
  for (const group of ["packages", "adapters"]) {
    const groupDir = join(repoRoot, group);
    if (!existsSync(groupDir)) continue;
    for (const entry of readdirSync(groupDir)) {
      const manifest = join(groupDir, entry, "package.json");
      if (!existsSync(manifest) || !existsSync(join(groupDir, entry, "src/index.ts"))) continue;
      sources.set(JSON.parse(readFileSync(manifest, "utf8")).name, join(groupDir, entry, "src"));
    }
  }
  return {
    name: "catops-workspace-source",
    setup(esbuild) {
      esbuild.onResolve({ filter: /^@catops\// }, (args) => {
        const [scope, name, ...rest] = args.path.split("/");
        const src = sources.get(`${scope}/${name}`);
        if (!src) return undefined;
        // The packages declare `"sideEffects": false`: an unused re-export stays out.
        return {
          path: join(src, `${rest.length ? rest.join("/") : "index"}.ts`),
          sideEffects: false,
        };
      });
    },
  };
}

/** Regenerates the static plugin module when the generator is at hand; else keeps the file. */
async function regeneratePlugins() {
  try {
    const { generatePluginModule } = await import("@catops/node");
    await generatePluginModule(join(repoRoot, "examples/plugins"), {
      outFile: join(exampleDir, "src/plugins.generated.ts"),
    });
  } catch {
    // @catops/node not built or not installed: src/plugins.generated.ts is used as it is.
  }
}

/**
 * Writes `outfile` (the handler) and the chunks it loads on first use, in `chunks/` beside it.
 * Resolves to the handler's size and every written file. `entry` bundles another handler with
 * the same options (the bench's variants of this one).
 */
export async function bundle({
  outfile = OUTFILE,
  regenerate = true,
  entry = join(exampleDir, "src/handler.ts"),
} = {}) {
  if (regenerate) await regeneratePlugins();
  const outdir = dirname(outfile);
  await mkdir(outdir, { recursive: true });
  rmSync(join(outdir, "chunks"), { recursive: true, force: true });
  const { joinColdPath, nodeSplitBundleOptions } = await import("@catops/node");
  const { metafile } = await build({
    ...nodeSplitBundleOptions,
    entryPoints: { [basename(outfile, ".mjs")]: entry },
    outdir,
    outExtension: { ".js": ".mjs" },
    metafile: true,
    absWorkingDir: exampleDir,
    external: ["@aws-sdk/*"],
    plugins: existsSync(join(repoRoot, "packages/core/src")) ? [workspaceSource()] : [],
    logLevel: "warning",
  });
  // What a cold start loads, in one module: each module Node loads costs it about 0.5 ms.
  const files = await joinColdPath({ entry: outfile, metafile, workingDir: exampleDir });
  const bytes = readFileSync(outfile);
  return {
    outfile,
    files,
    bytes: bytes.byteLength,
    gzipBytes: gzipSync(bytes, { level: 9 }).byteLength,
  };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { outfile, bytes, gzipBytes } = await bundle();
  const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
  console.log(`${outfile}: ${kb(bytes)} minified, ${kb(gzipBytes)} gzipped`);
}
