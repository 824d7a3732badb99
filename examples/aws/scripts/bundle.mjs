// Bundles src/handler.ts into the deployable artifact dist/handler.mjs with esbuild: one ESM
// file for Node 20, minified. The AWS SDK v3 stays out: the Lambda Node runtime provides it.
// Inside the CatOps repository, @catops/* packages are bundled from their TypeScript source.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
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
        return { path: join(src, `${rest.length ? rest.join("/") : "index"}.ts`) };
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

export async function bundle({ outfile = OUTFILE, regenerate = true } = {}) {
  if (regenerate) await regeneratePlugins();
  await mkdir(dirname(outfile), { recursive: true });
  await build({
    entryPoints: [join(exampleDir, "src/handler.ts")],
    outfile,
    bundle: true,
    minify: true,
    format: "esm",
    platform: "node",
    target: "node20",
    external: ["@aws-sdk/*"],
    plugins: existsSync(join(repoRoot, "packages/core/src")) ? [workspaceSource()] : [],
    legalComments: "none",
    logLevel: "warning",
  });
  const bytes = readFileSync(outfile);
  return { outfile, bytes: bytes.byteLength, gzipBytes: gzipSync(bytes, { level: 9 }).byteLength };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { outfile, bytes, gzipBytes } = await bundle();
  const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
  console.log(`${outfile}: ${kb(bytes)} minified, ${kb(gzipBytes)} gzipped`);
}
