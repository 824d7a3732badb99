// What the packaging suites share: the published packages, their entry points, packing into
// a temporary folder, and running a command with a time limit.
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { vendorFixture } from "../fixtures/vendor.mjs";
import { packAll, publishablePackages } from "../../scripts/pack-all.mjs";

export const repoRoot = fileURLToPath(new URL("../../", import.meta.url));
export const fixturesDir = vendorFixture();
export const surfaceSnapshot = fileURLToPath(
  new URL("./__snapshots__/exports.txt", import.meta.url),
);

export interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  exports: Record<string, string | Record<string, string>>;
  files?: string[];
  bin?: Record<string, string>;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  [field: string]: unknown;
}

export interface PublishedPackage {
  name: string;
  version: string;
  /** Absolute path of the package's folder. */
  dir: string;
  manifest: Manifest;
}

export interface PackedPackage extends PublishedPackage {
  tarball: string;
  /** Paths inside the tarball, relative to its package/ folder, sorted. */
  files: string[];
}

export const published = (): PublishedPackage[] =>
  publishablePackages(repoRoot) as PublishedPackage[];

/** The exports subpaths that are modules ('.', './testing'), not './package.json'. */
export function entryPoints(manifest: Manifest): string[] {
  return Object.keys(manifest.exports).filter((subpath) => !subpath.endsWith(".json"));
}

/** How a user imports a subpath: '@catops/core' for '.', '@catops/core/testing' for './testing'. */
export const specifierOf = (name: string, subpath: string) =>
  subpath === "." ? name : `${name}/${subpath.slice(2)}`;

/** Each entry point's exported names: the values (run-time exports) and the types only. */
export type Surface = Record<string, { values: string[]; types: string[] }>;

/**
 * The surface as the snapshot stores it: plain text, one name per line under its entry point,
 * type-only names marked `type`, so a diff shows exactly which names came and went.
 */
export function formatSurface(surface: Surface): string {
  return Object.entries(surface)
    .map(([specifier, { values, types }]) =>
      [specifier, ...values.map((v) => `  ${v}`), ...types.map((t) => `  type ${t}`)].join("\n"),
    )
    .join("\n\n")
    .concat("\n");
}

export function parseSurface(text: string): Surface {
  const surface: Surface = {};
  for (const block of text.trim().split(/\n\s*\n/)) {
    const [specifier, ...lines] = block.split("\n");
    const names = lines.map((line) => line.trim());
    surface[specifier!] = {
      values: names.filter((name) => !name.startsWith("type ")),
      types: names.filter((name) => name.startsWith("type ")).map((name) => name.slice(5)),
    };
  }
  return surface;
}

/** A fresh folder under the OS temp dir, and a function that removes it. */
export function temporaryDir(prefix: string): { dir: string; remove(): void } {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), prefix)));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Packs every published package with `pnpm pack` into `out`. */
export const packInto = (out: string): Promise<PackedPackage[]> =>
  packAll({ out, root: repoRoot }) as Promise<PackedPackage[]>;

/** The version of `name` installed for the workspace package in `fromDir`. */
export function installedVersion(fromDir: string, name: string): string {
  for (const dir of [fromDir, repoRoot]) {
    const file = join(dir, "node_modules", name, "package.json");
    if (existsSync(file)) return JSON.parse(readFileSync(file, "utf8")).version;
  }
  throw new Error(`${name} is not installed for ${fromDir}: run pnpm install`);
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command to its end (never throws for a non-zero exit), killed after `timeoutMs`. */
export function run(
  command: string,
  args: string[],
  options: { cwd?: string; timeoutMs?: number; env?: NodeJS.ProcessEnv } = {},
): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(
      command,
      args,
      {
        cwd: options.cwd ?? repoRoot,
        timeout: options.timeoutMs ?? 60_000,
        env: options.env ?? process.env,
        maxBuffer: 32 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
        resolve({ code, stdout, stderr: error && !stderr ? String(error.message) : stderr });
      },
    );
  });
}

/** Runs `items` through `task`, `limit` at a time, keeping their order. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) results[i] = await task(items[i]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** The bin of a root devDependency (publint, attw, tsc) as [node, script] arguments. */
export const rootBin = (name: string) => join(repoRoot, "node_modules", ".bin", name);
