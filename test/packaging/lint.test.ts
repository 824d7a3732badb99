// Each package's tarball, as `pnpm pack` (and so `pnpm publish`) makes it from the built dist,
// passes publint and Are the Types Wrong, holds only what users need, and imports nothing it
// does not declare.
import { mkdirSync, readdirSync, readFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type Manifest,
  mapLimit,
  packInto,
  published,
  rootBin,
  type RunResult,
  run,
  temporaryDir,
} from "./support.ts";

const packages = published();
const work = temporaryDir("catops-lint-");
let unpackedDir = new Map<string, string>();
let lints = new Map<string, { publint: RunResult; attw: RunResult }>();
// ESM-only packages: node10 and require() from CommonJS are out of scope.
const ATTW_OPTIONS = ["--profile", "esm-only", "--format", "ascii", "--no-color", "--no-emoji"];

beforeAll(async () => {
  const tarballs = await packInto(join(work.dir, "tarballs"));
  unpackedDir = new Map(
    await mapLimit(tarballs, 4, async (pkg) => {
      const into = join(work.dir, "unpacked", pkg.name.replace("/", "__"));
      mkdirSync(into, { recursive: true });
      const untar = await run("tar", ["xzf", pkg.tarball, "-C", into]);
      if (untar.code !== 0) throw new Error(`cannot unpack ${pkg.tarball}: ${untar.stderr}`);
      return [pkg.name, join(into, "package")] as const;
    }),
  );
  // Both linters run up front, a few packages at a time; each test below reads its verdict.
  lints = new Map(
    await mapLimit(tarballs, 3, async (pkg) => {
      const [publint, attw] = await Promise.all([
        run(rootBin("publint"), ["run", pkg.tarball, "--strict"]),
        run(rootBin("attw"), [pkg.tarball, ...ATTW_OPTIONS]),
      ]);
      return [pkg.name, { publint, attw }] as const;
    }),
  );
}, 120_000);

afterAll(() => work.remove());

const builtins = new Set(builtinModules);
const isBuiltin = (specifier: string) =>
  specifier.startsWith("node:") || builtins.has(specifier.split("/")[0]!);
const packageOf = (specifier: string) =>
  specifier
    .split("/")
    .slice(0, specifier.startsWith("@") ? 2 : 1)
    .join("/");

/** Bare specifiers a built file imports, re-exports, import()s or require()s. */
function bareImports(code: string): string[] {
  const name = String.raw`([\w@:][\w@:./-]*)`; // a package name and subpath: no relative path
  const pattern = new RegExp(
    String.raw`\b(?:from|import)\s*["']${name}["']|\b(?:import|require)\s*\(\s*["']${name}["']\s*\)`,
    "g",
  );
  return [...code.matchAll(pattern)].map((match) => match[1] ?? match[2]!);
}

function filesUnder(dir: string, prefix = ""): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? filesUnder(join(dir, entry.name), `${prefix}${entry.name}/`)
      : [`${prefix}${entry.name}`],
  );
}

describe.each(packages.map((pkg) => [pkg.name] as const))("%s", (name) => {
  it("passes publint --strict", () => {
    const { publint } = lints.get(name)!;
    expect(publint.stdout + publint.stderr).toContain("All good!");
    expect(publint.code).toBe(0);
  });

  it("passes attw --profile esm-only (types resolve for node16 ESM and bundlers)", () => {
    const { attw } = lints.get(name)!;
    expect(attw.code, attw.stdout + attw.stderr).toBe(0);
  });

  it("holds package.json, README.md, LICENSE and what 'files' names, nothing else", () => {
    const files = filesUnder(unpackedDir.get(name)!);
    expect(files).toEqual(expect.arrayContaining(["package.json", "README.md", "LICENSE"]));
    const manifest = JSON.parse(readFileSync(join(unpackedDir.get(name)!, "package.json"), "utf8"));
    const shipped = new Set(["package.json", "README.md", "LICENSE", ...manifest.files]);
    for (const file of files) {
      expect(shipped.has(file.split("/")[0]!), `${file} should not be published`).toBe(true);
      // dist/ is built code and its declarations: no tests, sources or source maps.
      if (file.startsWith("dist/")) expect(file).toMatch(/^dist\/(?!.*\.test\.).+\.(js|d\.ts)$/);
    }
    expect(files.filter((file) => file.startsWith("dist/"))).not.toEqual([]);
  });

  it("names real versions, not workspace: ranges, for the other CatOps packages", () => {
    const manifest: Manifest = JSON.parse(
      readFileSync(join(unpackedDir.get(name)!, "package.json"), "utf8"),
    );
    for (const [dep, range] of Object.entries(manifest.dependencies ?? {})) {
      expect(range, dep).not.toMatch(/^workspace:/);
      if (dep.startsWith("@catops/")) expect(range, dep).toBe(manifest.version);
    }
  });

  it("imports only Node built-ins, itself, and what it declares (code and types)", () => {
    const dir = unpackedDir.get(name)!;
    const manifest: Manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
    const declared = new Set([
      name,
      ...Object.keys(manifest.dependencies ?? {}),
      ...Object.keys(manifest.peerDependencies ?? {}),
    ]);
    const undeclared = filesUnder(dir)
      .filter((file) => file.startsWith("dist/") && /\.(m?js|d\.ts)$/.test(file))
      .flatMap((file) =>
        bareImports(readFileSync(join(dir, file), "utf8"))
          .filter((specifier) => !isBuiltin(specifier) && !declared.has(packageOf(specifier)))
          .map((specifier) => `${file}: ${specifier}`),
      );
    expect(undeclared).toEqual([]);
  });
});
