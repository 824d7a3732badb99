// Builds a script for a child process into one file, the @catops/* packages from their sources
// (as the test runner sees them); the database clients stay outside and resolve from test/.
import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { sourceAliasMap } from "../../workers/bundle.ts";

// Inside test/node_modules, so pg, pg-boss and ioredis resolve from the bundle's folder.
const OUT_DIR = fileURLToPath(new URL("../../node_modules/.cache/catops-scale/", import.meta.url));

export async function bundleScript(entry: URL, name: string): Promise<string> {
  mkdirSync(OUT_DIR, { recursive: true });
  const outfile = `${OUT_DIR}${name}.mjs`;
  await build({
    entryPoints: [fileURLToPath(entry)],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    outfile,
    alias: sourceAliasMap(),
    external: ["better-sqlite3", "pg", "pg-native", "pg-boss", "ioredis"],
    // Bundled CommonJS dependencies may call require().
    banner: {
      js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
    },
    logLevel: "silent",
  });
  return outfile;
}
