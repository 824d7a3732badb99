// Bundles src/handler.ts into the deployable artifact with esbuild: dist/handler.mjs, the
// handler with V8's code cache, and the split ES module build in dist/esm/ (ESM for Node 20,
// minified; what a slash command never runs, alert handling and the on-call rota, in chunks
// loaded on first use), which the cached scripts in dist/handler-script/ are made from and the
// entry falls back on. The AWS SDK v3 stays out: the Lambda Node runtime provides it. Inside the CatOps repository, @catops/*
// packages are bundled from their TypeScript source.
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
 * Where the function runs, as template.yaml and serverless.yml declare it. V8 takes a code cache
 * only from its own version and processor, under the flags it was made with (Lambda's runtime
 * derives its heap flags from the memory size), so the cache is made only on a machine like it.
 */
export const LAMBDA = { arch: "arm64", nodeMajor: 22, memorySize: 1024 };

/**
 * Writes the handler the templates name, `outfile`, and what it loads.
 *
 * Built on a machine of the function's processor and Node version (`target`), that is the
 * handler with V8's code cache (@catops/node's writeCodeCachedEntry): the split build in `esm/`
 * made scripts in `handler-script/`, the cold path's with its compiled code
 * (`handler-script/handler.js.cache`), made by answering one slash command in a process started
 * with Lambda's flags; the split build itself for a runtime whose V8 will not take the cache.
 * Built elsewhere, or with `codeCache: false`, it is the split build alone, as `outfile`: a cache
 * the runtime cannot take would only cost its cold start the check.
 *
 * The split build: what a slash command never runs (alert handling, the on-call rota) in
 * `chunks/`, loaded on first use; what it does run in one module. Resolves to every written
 * file, the split build's entry, files and size, and whether the cache was made. `entry` bundles
 * another handler with the same options (the bench's variants of this one); `target: "host"`
 * makes the cache for this machine, and `nodeFlags` for a `node` started with other flags than
 * Lambda's.
 */
export async function bundle({
  outfile = OUTFILE,
  regenerate = true,
  entry = join(exampleDir, "src/handler.ts"),
  codeCache = true,
  target = LAMBDA,
  nodeFlags,
} = {}) {
  if (regenerate) await regeneratePlugins();
  const outdir = dirname(outfile);
  const name = basename(outfile, ".mjs");
  const { codeCacheMismatch, lambdaNodeFlags, writeCodeCachedEntry } = await import("@catops/node");
  // Made for this machine (`target: "host"`), the cache matches it by definition.
  const mismatch = !codeCache ? "off" : target === "host" ? undefined : codeCacheMismatch(target);
  for (const stale of ["esm", "chunks", `${name}-script`])
    rmSync(join(outdir, stale), { recursive: true, force: true });
  const esm = mismatch ? outfile : join(outdir, "esm", `${name}.mjs`);
  const split = await splitBuild(entry, esm);
  if (mismatch) return { ...split, codeCache: `not made: ${mismatch}` };
  // The warm-up answers `/catops whoami`, a plugin command that changes nothing.
  const warmUp = import.meta.resolve("@catops/aws-lambda/warm-up");
  const { WARM_UP_ENV } = await import(warmUp);
  const cached = await writeCodeCachedEntry({
    outdir,
    name,
    fallback: `./esm/${name}.mjs`,
    files: split.files,
    nodeFlags: nodeFlags ?? lambdaNodeFlags(LAMBDA.memorySize),
    warmUp: fileURLToPath(warmUp),
    env: { PATH: process.env.PATH, ...WARM_UP_ENV, CATOPS_WARM_UP_COMMAND: "whoami" },
  });
  return {
    ...split,
    outfile: cached.entry,
    files: [cached.entry, ...cached.files, ...split.files],
    splitFiles: split.files,
    codeCacheFiles: [cached.entry, ...cached.coldPath],
    codeCache: "made",
  };
}

/** The split ES module build, its cold path joined into `outfile`. */
async function splitBuild(entry, outfile) {
  const outdir = dirname(outfile);
  await mkdir(outdir, { recursive: true });
  const { joinColdPath, nodeSplitBundleOptions } = await import("@catops/node");
  const { metafile } = await build({
    ...nodeSplitBundleOptions,
    entryPoints: { [basename(outfile, ".mjs")]: entry },
    outdir,
    outExtension: { ".js": ".mjs" },
    metafile: true,
    absWorkingDir: exampleDir,
    external: ["@aws-sdk/*"],
    plugins: sourcePlugins(),
    logLevel: "warning",
  });
  // What a cold start loads, in one module: each module Node loads costs it about 0.5 ms.
  const files = await joinColdPath({ entry: outfile, metafile, workingDir: exampleDir });
  const bytes = readFileSync(outfile);
  return {
    outfile,
    esm: outfile,
    files,
    splitFiles: files,
    bytes: bytes.byteLength,
    gzipBytes: gzipSync(bytes, { level: 9 }).byteLength,
  };
}

function sourcePlugins() {
  return existsSync(join(repoRoot, "packages/core/src")) ? [workspaceSource()] : [];
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { outfile, esm, bytes, gzipBytes, codeCache } = await bundle();
  const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
  console.log(`${esm}: ${kb(bytes)} minified, ${kb(gzipBytes)} gzipped`);
  console.log(`${outfile}: V8's code cache ${codeCache}`);
}
