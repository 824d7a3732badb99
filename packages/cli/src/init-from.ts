// `catops init --from <dir>`: until the first release, a new project takes the CatOps packages
// from tarballs copied into it (vendor/catops/), packed from a checkout of the repository or
// taken from a folder of tarballs (`pnpm pack:all`), so `npm install` needs no published name.
import { copyFile, mkdir, readdir } from "node:fs/promises";
import { existsSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import { pathToFileURL } from "node:url";
import { CliError } from "./io.js";

/** Where the tarballs go, relative to the project: committed with it, so CI installs too. */
export const VENDOR_DIR = "vendor/catops";

/** Package name → the tarball's path relative to the project (`vendor/catops/<file>.tgz`). */
export type VendoredPackages = Map<string, string>;

/** What scripts/pack-all.mjs of a checkout exports (the same code a release packs with). */
interface PackScript {
  publishablePackages(
    root: string,
  ): { name: string; dir: string; manifest: Record<string, unknown> }[];
  packAll(options: {
    out: string;
    root: string;
    only: string[];
  }): Promise<{ name: string; tarball: string }[]>;
}

const PACK_SCRIPT = "scripts/pack-all.mjs";

/**
 * Puts the CatOps packages `needed` names (and the CatOps packages they depend on) into
 * `projectDir`/vendor/catops, from `from`: a checkout (packed with its own pack script) or a
 * folder of tarballs (all of its CatOps tarballs are copied).
 */
export async function vendorPackages(
  from: string,
  projectDir: string,
  needed: readonly string[],
): Promise<VendoredPackages> {
  if (!existsSync(from) || !statSync(from).isDirectory())
    throw new CliError(`--from ${from}: not a folder`);
  const out = join(projectDir, VENDOR_DIR);
  const files = existsSync(join(from, PACK_SCRIPT))
    ? await packCheckout(from, out, needed)
    : await copyTarballs(from, out, needed);
  return new Map([...files].map(([name, file]) => [name, `${VENDOR_DIR}/${file}`]));
}

async function packCheckout(
  root: string,
  out: string,
  needed: readonly string[],
): Promise<Map<string, string>> {
  const script = (await import(pathToFileURL(join(root, PACK_SCRIPT)).href)) as PackScript;
  const packages = script.publishablePackages(root);
  const manifests = new Map(packages.map((pkg) => [pkg.name, pkg.manifest]));
  const only = closure(needed, (name) => {
    const manifest = manifests.get(name);
    if (!manifest) throw new CliError(`--from ${root}: the checkout has no package ${name}`);
    return [
      ...Object.keys((manifest.dependencies as Record<string, string>) ?? {}),
      ...Object.keys((manifest.peerDependencies as Record<string, string>) ?? {}),
    ].filter((dep) => manifests.has(dep));
  });
  const unbuilt = packages.filter(
    (pkg) => only.includes(pkg.name) && !existsSync(join(pkg.dir, "dist")),
  );
  if (unbuilt.length > 0)
    throw new CliError(
      `--from ${root}: build the checkout first (pnpm install && pnpm build): no dist/ in ${unbuilt.map((pkg) => pkg.name).join(", ")}`,
    );
  try {
    const packed = await script.packAll({ out, root, only });
    return new Map(packed.map((pkg) => [pkg.name, basename(pkg.tarball)]));
  } catch (error) {
    const reason = error instanceof Error ? (error.message.split("\n")[0] ?? "") : String(error);
    const hint = /ENOENT/.test(reason) ? " (packing needs pnpm: npm install -g pnpm@10)" : "";
    throw new CliError(`--from ${root}: could not pack the checkout: ${reason}${hint}`);
  }
}

/** `needed` and every name reachable from them through `dependsOn`. */
function closure(needed: readonly string[], dependsOn: (name: string) => string[]): string[] {
  const seen = new Set<string>();
  const queue = [...needed];
  for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
    if (seen.has(name)) continue;
    seen.add(name);
    queue.push(...dependsOn(name));
  }
  return [...seen].sort();
}

/** `pnpm pack` names a tarball <name without @, / as ->-<version>.tgz: catops-core-0.1.0.tgz. */
const TARBALL = /^(catops(?:-[a-z0-9-]+?)?)-(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)\.tgz$/;

/** The CatOps package a tarball's file name stands for: catops, or @catops/<rest>. */
export function packageOfTarball(file: string): string | undefined {
  const flat = TARBALL.exec(file)?.[1];
  if (!flat) return undefined;
  return flat === "catops" ? flat : `@catops/${flat.slice("catops-".length)}`;
}

async function copyTarballs(
  dir: string,
  out: string,
  needed: readonly string[],
): Promise<Map<string, string>> {
  const found = new Map<string, string[]>();
  for (const file of (await readdir(dir)).sort()) {
    const name = packageOfTarball(file);
    if (name) found.set(name, [...(found.get(name) ?? []), file]);
  }
  const twice = [...found].filter(([, files]) => files.length > 1);
  if (twice.length > 0)
    throw new CliError(
      `--from ${dir}: more than one version of ${twice.map(([name, files]) => `${name} (${files.join(", ")})`).join("; ")}; keep one`,
    );
  const missing = needed.filter((name) => !found.has(name));
  if (missing.length > 0)
    throw new CliError(
      `--from ${dir}: neither a CatOps checkout nor a folder of its tarballs with ${missing.join(", ")} (pack them with \`pnpm pack:all\` in a built checkout)`,
    );
  const files = new Map([...found].map(([name, [file]]) => [name, file!]));
  await mkdir(out, { recursive: true });
  for (const file of files.values()) await copyFile(join(dir, file), join(out, file));
  return files;
}
