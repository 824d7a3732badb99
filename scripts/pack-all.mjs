// Packs every publishable package (the non-private ones in packages/ and adapters/) with
// `pnpm pack`, which turns workspace:* ranges into real versions exactly as `pnpm publish`
// does. Build first (`pnpm build`): the tarballs hold dist/.
//
//   node scripts/pack-all.mjs [--out <dir>]     default <repo>/.packs
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const run = promisify(execFile);
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const PUBLISHED_GROUPS = ["packages", "adapters"];

/** Every package a release publishes: { name, version, dir, manifest }, sorted by name. */
export function publishablePackages(root = repoRoot) {
  const found = [];
  for (const group of PUBLISHED_GROUPS) {
    const groupDir = join(root, group);
    if (!existsSync(groupDir)) continue;
    for (const entry of readdirSync(groupDir)) {
      const file = join(groupDir, entry, "package.json");
      if (!existsSync(file)) continue;
      const manifest = JSON.parse(readFileSync(file, "utf8"));
      if (manifest.private) continue;
      found.push({
        name: manifest.name,
        version: manifest.version,
        dir: join(groupDir, entry),
        manifest,
      });
    }
  }
  return found.sort((a, b) => (a.name < b.name ? -1 : 1));
}

/** Packs one package into `out` and returns the tarball's path and the files it holds. */
export async function packPackage(pkg, out) {
  if (!existsSync(join(pkg.dir, "dist")))
    throw new Error(`${pkg.name} has no dist/: build it first (pnpm build)`);
  const { stdout } = await run("pnpm", ["pack", "--json", "--pack-destination", out], {
    cwd: pkg.dir,
    maxBuffer: 16 * 1024 * 1024,
  });
  const result = JSON.parse(stdout);
  return { ...pkg, tarball: result.filename, files: result.files.map((f) => f.path).sort() };
}

/** Packs every publishable package (or those named in `only`) into `out`, a few at a time. */
export async function packAll({ out, root = repoRoot, concurrency = 4, only } = {}) {
  mkdirSync(out, { recursive: true });
  const queue = publishablePackages(root).filter((pkg) => !only || only.includes(pkg.name));
  const packed = [];
  const worker = async () => {
    for (let pkg = queue.shift(); pkg; pkg = queue.shift())
      packed.push(await packPackage(pkg, out));
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return packed.sort((a, b) => (a.name < b.name ? -1 : 1));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const at = process.argv.indexOf("--out");
  const out = resolve(at > 0 ? process.argv[at + 1] : join(repoRoot, ".packs"));
  const packed = await packAll({ out });
  for (const pkg of packed) console.log(`${pkg.name}@${pkg.version}  ${pkg.tarball}`);
}
